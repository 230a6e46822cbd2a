#!/usr/bin/env bash
# Live cameras: N looped 1280x720 25 fps H.264 streams, encoded once and served without re-encoding on loopback
# (`ffmpeg -re -stream_loop -1 -c copy` → MPEG-TS over UDP, one port per camera), analysed by one `sharpeyes serve`
# at 2 sampled frames per second each, motion on, faces and plates only on frames where motion is (a face and a
# plate are listed). The clip is a street scene: 10 s of plates passing (the plate slideshow), then 30 s of the
# same street standing still with sensor grain, at 2 Mbit/s as a 720p camera sends it (the grain spends the bits,
# so decoding costs what a camera's stream costs).
# CLIP=busy takes a busy scene instead: 40 s in which the whole picture moves all the time (a main road, a square,
# a drone) — five 8 s shots (four plate photos of Fixtures/plates, the listed plate among them, and a frame of the
# Hamilton clip with the listed face), each zoomed slowly and continuously (1.0 → 1.4) under moving grain.
#
# Camera i starts at i/N of the clip, so the streams are not in step (real cameras see traffic at different times).
#
# For each N it reports the share of sampled frames dropped over WINDOW seconds (default 40, one whole loop of the
# clip), the decoded frame rate of the slowest camera, the CPU per stream, the analysed frame rate of the most
# starved camera against the rate it wanted (every camera's is listed below the row and kept in the result), and how
# many cameras raised an incident (the listed face or plate); then, in the same run and on the same streams, the
# frame rate of the slowest of N `ffmpeg -i URL -f null -` over the same window (after 5 s to reach a keyframe). The
# largest N with under 1% dropped (and every camera decoding at 97% of 25 fps or more) is SharpEyes' figure; the
# largest N where every ffmpeg decodes at 97% of 25 fps or more is ffmpeg's.
# Usage: Benchmarks/live.sh [N ...]   (default 8 12 16 20 24 32; WINDOW=40 seconds; SIDES=ours or ffmpeg for one
# side only; CLIP=busy; WORKERS=2 analysis threads; FACE_DETECTOR=mtcnn (else the default, hog);
# BIN=.build/debug/sharpeyes for a debug build, or BINS="before-binary after-binary" to run
# both on each N in turn, interleaved, for a before/after ratio in one run; after scripts/setup.sh)
# Result: Benchmarks/results/live[-busy].json. A request the server refuses (no token, a 4xx or 5xx) stops the run
# with its status: a refused request must not pass for a measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
counts=("${@:-8 12 16 20 24 32}"); read -r -a counts <<<"${counts[*]}"
window=${WINDOW:-40}
read -r -a bins <<<"${BINS:-${BIN:-.build/release/sharpeyes}}"
work=Benchmarks/.work/live && mkdir -p "$work" Benchmarks/results
source Benchmarks/streams.sh

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

ours() {  # N BIN → "dropped_percent slowest_fps cpu_percent_per_stream starved_analysed/wanted_fps alerting_cameras"
  local n=$1 bin=$2 db="$work/n$1.sqlite" port=$((base - 1))
  rm -f "$db"*
  list_subjects "$bin" "$db"
  local token
  token=$("$bin" token create --db "$db" --role admin --name bench | tail -n 1)
  { echo "storage: {database: $PWD/$db}"; echo "workers: ${WORKERS:-2}"; echo "http: {listen: 127.0.0.1:$port}"
    [ -z "${FACE_DETECTOR:-}" ] || echo "recognition: {face_detector: $FACE_DETECTOR}"
    echo "cameras:"
    for ((i = 0; i < n; i++)); do
      echo "  - {id: cam$i, kind: fixed, url: 'udp://127.0.0.1:$((base + i))', sampling: {fps: 2}, stages: [motion, faces, plates]}"
    done; } > "$work/n$n.yaml"
  start_senders "$n"
  "$bin" serve --config "$work/n$n.yaml" 2>"$work/n$n.log" & local pid=$!
  sleep 15
  local a b c0 c1
  a=$(cameras "$port" "$token" "$n" $pid); c0=$(cpu_ticks $pid)
  curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/metrics" > "$work/n$n.metrics0" || true
  sleep "$window"
  b=$(cameras "$port" "$token" "$n" $pid); c1=$(cpu_ticks $pid)
  curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/metrics" > "$work/n$n.metrics1" || true
  kill -TERM $pid; wait $pid 2>/dev/null || true
  stop_all
  python3 - "$a" "$b" "$window" "$(( (c1 - c0) * 100 / hz ))" "$n" "$work/n$n.cameras.json" "$work/n$n.metrics" "$db" <<'PY'
import json, re, sqlite3, sys
a = {c["id"]: c for c in json.loads(sys.argv[1])}; b = {c["id"]: c for c in json.loads(sys.argv[2])}
window, cpu, n = float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
# Milliseconds of each stage per analysed frame over the window, from the stage histograms of /metrics.
def stage_totals(path):
    try: text = open(path).read()
    except OSError: return {}
    found = re.findall(r'^sharpeyes_stage_seconds_(sum|count)\{stage="(\w+)"\} (\S+)$', text, re.M)
    return {(stage, kind): float(value) for kind, stage, value in found}
m0, m1 = stage_totals(sys.argv[7] + "0"), stage_totals(sys.argv[7] + "1")
analysed = sum(b[i]["frames_analysed"] - a[i]["frames_analysed"] for i in b)
stages = {stage: 1000 * (m1[(stage, "sum")] - m0.get((stage, "sum"), 0)) / max(analysed, 1)
          for stage, kind in m1 if kind == "sum"}
print("      ms per analysed frame: " + ", ".join(f"{s} {v:.0f}" for s, v in sorted(stages.items())), file=sys.stderr)
json.dump({s: round(v, 1) for s, v in stages.items()}, open(sys.argv[7] + ".json", "w"))
def delta(i, key): return b[i][key] - a[i][key]
sampled = sum(delta(i, "frames_sampled") for i in b)
dropped = sum(delta(i, "frames_dropped") for i in b)
slowest = min(delta(i, "frames_decoded") / window for i in b)
# Per camera: frames analysed and frames the sampler wanted, per second of the window, and its incidents so far.
cameras = [{"id": i, "analysed_fps": round(delta(i, "frames_analysed") / window, 2),
            "wanted_fps": round(delta(i, "frames_sampled") / window, 2),
            "dropped_percent": round(100 * delta(i, "frames_dropped") / max(delta(i, "frames_sampled"), 1), 1),
            "incidents": b[i]["incidents"]} for i in sorted(b, key=lambda i: int(i[3:]))]
# What was found over the whole run (warm-up included): plate passes read as a valid plate, face passes.
with sqlite3.connect(sys.argv[8]) as db:
    found = dict(db.execute("SELECT cameraId || ' ' || kind, count(*) FROM sighting WHERE kind IN ('plate', 'face') "
                            "AND label IS NOT NULL GROUP BY cameraId, kind").fetchall())
for camera in cameras:
    camera["plate_passes"] = found.get(camera["id"] + " plate", 0)
    camera["face_passes"] = found.get(camera["id"] + " face", 0)
json.dump(cameras, open(sys.argv[6], "w"))
starved = min(cameras, key=lambda c: c["analysed_fps"] / max(c["wanted_fps"], 1e-9))
alerting = sum(1 for c in cameras if c["incidents"] > 0)
print(f"{100 * dropped / max(sampled, 1):.2f} {slowest:.1f} {cpu / window / n:.1f} "
      f"{starved['analysed_fps']:.2f}/{starved['wanted_fps']:.2f} {alerting}/{n}")
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

echo "== load: $(cut -d' ' -f1-3 /proc/loadavg); window ${window} s; clip $clip; face detector ${FACE_DETECTOR:-hog}"
printf '%4s %-28s %9s %11s %11s %15s %8s   %18s\n' N binary dropped% slowest_fps cpu%/stream starved_fps alerting ffmpeg_slowest_fps%
results=()
for n in "${counts[@]}"; do
  for bin in "${bins[@]}"; do
    dropped=- slowest=- cpu=- starved=- alerting=- ffmpeg=- cameras=null stage_ms=null
    if [ "${SIDES:-both}" != ffmpeg ]; then
      read -r dropped slowest cpu starved alerting < <(ours "$n" "$bin")
      cameras=$(cat "$work/n$n.cameras.json") stage_ms=$(cat "$work/n$n.metrics.json")
    fi
    # ffmpeg's side once per N, after the first binary.
    [ "${SIDES:-both}" = ours ] || [ "$bin" != "${bins[0]}" ] || read -r ffmpeg < <(theirs "$n")
    printf '%4d %-28s %9s %11s %11s %15s %8s   %18s\n' "$n" "$(basename "$(dirname "$bin")")/$(basename "$bin")" \
      "$dropped" "$slowest" "$cpu" "$starved" "$alerting" "$ffmpeg"
    [ "$cameras" = null ] || python3 - "$cameras" <<'PY'
import json, sys
cameras = json.loads(sys.argv[1])
print("      analysed/wanted fps: " + "  ".join(f"{c['id']} {c['analysed_fps']:.2f}/{c['wanted_fps']:.2f}" for c in cameras))
print(f"      plate passes {sum(c['plate_passes'] for c in cameras)}, face passes {sum(c['face_passes'] for c in cameras)}, "
      f"incidents {sum(c['incidents'] for c in cameras)}")
PY
    results+=("{\"n\": $n, \"binary\": \"$bin\", \"dropped_percent\": \"$dropped\", \"slowest_fps\": \"$slowest\", \"cpu_percent_per_stream\": \"$cpu\", \"starved_analysed_per_wanted_fps\": \"$starved\", \"cameras_alerting\": \"$alerting\", \"ffmpeg_slowest_fps_percent\": \"$ffmpeg\", \"stage_ms_per_analysed_frame\": $stage_ms, \"cameras\": $cameras}")
  done
done
suffix=${CLIP:+-$CLIP}; [ "${CLIP:-street}" = street ] && suffix=
(IFS=,; echo "{\"clip\": \"$clip\", \"window_seconds\": $window, \"face_detector\": \"${FACE_DETECTOR:-hog}\", \"load\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"runs\": [${results[*]}]}") \
  | tee "Benchmarks/results/live${suffix}${SIDES:+-$SIDES}.json"
