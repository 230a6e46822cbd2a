#!/usr/bin/env bash
# Live cameras: N looped 1280x720 25 fps H.264 streams, encoded once and served without re-encoding on loopback
# (`ffmpeg -re -stream_loop -1 -c copy` → MPEG-TS over UDP, one port per camera), analysed by one `sharpeyes serve`
# at 2 sampled frames per second each, motion on, faces and plates only on frames where motion is (a face and a
# plate are listed). The clip is a street scene: 10 s of plates passing (the plate slideshow), then 30 s of the
# same street standing still with sensor grain, at 2 Mbit/s as a 720p camera sends it (the grain spends the bits,
# so decoding costs what a camera's stream costs).
#
# Camera i starts at i/N of the clip, so the streams are not in step (real cameras see traffic at different times).
#
# For each N it reports the share of sampled frames dropped over WINDOW seconds (default 40, one whole loop of the
# clip), the decoded frame rate of the slowest camera and the CPU per stream; then, in the same run and on the same
# streams, the frame rate of the slowest of N `ffmpeg -i URL -f null -` over the same window (after 5 s to reach a
# keyframe). The largest N with under 1% dropped (and every camera decoding at 97% of 25 fps or more) is SharpEyes'
# figure; the largest N where every ffmpeg decodes at 97% of 25 fps or more is ffmpeg's.
# Usage: Benchmarks/live.sh [N ...]   (default 8 12 16 20 24 32; WINDOW=40 seconds; SIDES=ours or ffmpeg for one
# side only; BIN=.build/debug/sharpeyes for a debug build; after scripts/setup.sh)
# Result: Benchmarks/results/live.json. A request the server refuses (no token, a 4xx or 5xx) stops the run with
# its status: a refused request must not pass for a measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
counts=("${@:-8 12 16 20 24 32}"); read -r -a counts <<<"${counts[*]}"
window=${WINDOW:-40}
bin=${BIN:-.build/release/sharpeyes}
work=Benchmarks/.work/live && mkdir -p "$work" Benchmarks/results
clip=Benchmarks/.work/street-720p25-2M.mp4
[ -f "$clip" ] || ffmpeg -hide_banner -loglevel error -y -i Fixtures/plates/slideshow.mp4 \
  -vf "tpad=stop_mode=clone:stop_duration=30,noise=alls=12:allf=t,format=yuv420p" -r 25 \
  -c:v libx264 -preset veryfast -b:v 2M -maxrate 2M -bufsize 2M -g 50 -bf 0 -an "$clip"
base=$((30000 + RANDOM % 20000))
senders=()
start_senders() {
  for ((i = 0; i < $1; i++)); do
    ffmpeg -hide_banner -loglevel error -nostdin -re -stream_loop -1 -ss $((40 * i / $1)) -i "$clip" -c copy -f mpegts \
      "udp://127.0.0.1:$((base + i))?pkt_size=1316" &
    senders+=($!)
  done
}
stop_all() { kill "${senders[@]}" 2>/dev/null || true; wait 2>/dev/null || true; senders=(); }
trap stop_all EXIT
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

# /api/cameras with the token. Refused or unanswered, it stops serve and the senders and ends the whole run
# (this runs in a subshell: `exit` alone would end only that).
cameras() {  # port token N serve_pid
  curl -fsS -H "Authorization: Bearer $2" "http://127.0.0.1:$1/api/cameras" && return
  echo "live.sh: GET /api/cameras refused or unanswered at N=$3 (see $work/n$3.log)" >&2
  kill -TERM "$4" 2>/dev/null || true
  stop_all
  kill -TERM $$
  exit 1
}

ours() {  # N → "dropped_percent slowest_fps cpu_percent_per_stream"
  local n=$1 db="$work/n$1.sqlite" port=$((base - 1))
  rm -f "$db"*
  "$bin" watchlist add-face --name "Lin-Manuel Miranda" --list bench Fixtures/faces/probes/lin-manuel-miranda.png --db "$db" >/dev/null
  "$bin" watchlist add-plate 川A095Q5 --reason bench --db "$db" >/dev/null
  local token
  token=$("$bin" token create --db "$db" --role admin --name bench | tail -n 1)
  { echo "storage: {database: $PWD/$db}"; echo "workers: 2"; echo "http: {listen: 127.0.0.1:$port}"; echo "cameras:"
    for ((i = 0; i < n; i++)); do
      echo "  - {id: cam$i, kind: fixed, url: 'udp://127.0.0.1:$((base + i))', sampling: {fps: 2}, stages: [motion, faces, plates]}"
    done; } > "$work/n$n.yaml"
  start_senders "$n"
  "$bin" serve --config "$work/n$n.yaml" 2>"$work/n$n.log" & local pid=$!
  sleep 15
  local a b c0 c1
  a=$(cameras "$port" "$token" "$n" $pid); c0=$(cpu_ticks $pid)
  sleep "$window"
  b=$(cameras "$port" "$token" "$n" $pid); c1=$(cpu_ticks $pid)
  kill -TERM $pid; wait $pid 2>/dev/null || true
  stop_all
  python3 - "$a" "$b" "$window" "$(( (c1 - c0) * 100 / hz ))" "$n" <<'PY'
import json, sys
a = {c["id"]: c for c in json.loads(sys.argv[1])}; b = {c["id"]: c for c in json.loads(sys.argv[2])}
window, cpu, n = float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
sampled = sum(b[i]["frames_sampled"] - a[i]["frames_sampled"] for i in b)
dropped = sum(b[i]["frames_dropped"] - a[i]["frames_dropped"] for i in b)
slowest = min((b[i]["frames_decoded"] - a[i]["frames_decoded"]) / window for i in b)
print(f"{100 * dropped / max(sampled, 1):.2f} {slowest:.1f} {cpu / window / n:.1f}")
PY
}

theirs() {  # N → the decoded frame rate of the slowest ffmpeg, in percent of 25 fps
  local n=$1 pids=()
  start_senders "$n"
  for ((i = 0; i < n; i++)); do
    ffmpeg -hide_banner -loglevel error -nostdin -i "udp://127.0.0.1:$((base + i))?overrun_nonfatal=1&fifo_size=100000" \
      -t $((window + 5)) -an -f null -progress "$work/progress$i.txt" - 2>/dev/null & pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
  stop_all
  python3 - "$work" "$n" <<'PY'
import re, sys
work, n = sys.argv[1], int(sys.argv[2])
rates = []
for i in range(n):
    text = open(f"{work}/progress{i}.txt").read()
    blocks = [(int(f), int(t)) for f, t in re.findall(r"frame=(\d+)\n.*?out_time_us=(\d+)", text, re.S)]
    steady = [b for b in blocks if b[1] >= 5_000_000]
    if len(steady) < 2:
        rates.append(0.0)
        continue
    (f0, t0), (f1, t1) = steady[0], steady[-1]
    rates.append((f1 - f0) / max((t1 - t0) / 1e6, 1e-6))
print(f"{100 * min(rates) / 25:.1f}")
PY
}

echo "== load: $(cut -d' ' -f1-3 /proc/loadavg); window ${window} s; clip $clip"
printf '%4s  %10s %12s %12s   %18s\n' N dropped% slowest_fps cpu%/stream ffmpeg_slowest_fps%
results=()
for n in "${counts[@]}"; do
  dropped=- slowest=- cpu=- ffmpeg=-
  [ "${SIDES:-both}" = ffmpeg ] || read -r dropped slowest cpu < <(ours "$n")
  [ "${SIDES:-both}" = ours ] || read -r ffmpeg < <(theirs "$n")
  printf '%4d  %10s %12s %12s   %18s\n' "$n" "$dropped" "$slowest" "$cpu" "$ffmpeg"
  results+=("{\"n\": $n, \"dropped_percent\": \"$dropped\", \"slowest_fps\": \"$slowest\", \"cpu_percent_per_stream\": \"$cpu\", \"ffmpeg_slowest_fps_percent\": \"$ffmpeg\"}")
done
(IFS=,; echo "{\"window_seconds\": $window, \"load\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"runs\": [${results[*]}]}") \
  | tee "Benchmarks/results/live${SIDES:+-$SIDES}.json"
