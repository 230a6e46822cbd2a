#!/usr/bin/env bash
# GB/T 28181 ingest against plain MPEG-TS/UDP ingest, in one run, same clip, same analysis.
#
# N simulated GB28181 cameras (scripts/gb28181-sim.py: register with digest, Catalog, INVITE, then the Hamilton clip
# looped as MPEG-PS over RTP/UDP in real time, 29.97 fps, 640x360 H.264) register to one `sharpeyes serve`; then the
# same clip is sent N times as MPEG-TS over UDP (`ffmpeg -re -stream_loop -1 -c copy -f mpegts`) to another
# `sharpeyes serve` with N udp:// cameras. Both analyse motion only at 2 sampled frames per second.
#
# Reports, per side: the serve process's CPU per stream over WINDOW seconds, the slowest camera's decoded frame rate,
# and for the GB side the seconds from the INVITE (as the simulator logs it) to the channel's first decoded frame
# (answer, ACK, RTP, probing the PS stream; the clip's first keyframe is 0.85 s in). Only the serve process is measured: the senders (Python, ffmpeg) are not.
# Usage: Benchmarks/gb28181.sh [N]   (default 4; WINDOW=30; after `swift build -c release --product sharpeyes`)
# Result: Benchmarks/results/gb28181.json
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-4}
window=${WINDOW:-30}
bin=${SHARPEYES_BIN:-.build/release/sharpeyes}
work=Benchmarks/.work/gb28181 && rm -rf "$work" && mkdir -p "$work" Benchmarks/results
clip=Fixtures/short_hamilton_clip.mp4
base=$((30000 + RANDOM % 15000))
pids=()
stop_all() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; pids=(); }
trap stop_all EXIT
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

# Decoded fps of the slowest camera and the serve process's CPU share per stream over the window.
# A refused request (no token, 4xx, 5xx) ends the whole run, not read as a camera without frames; `kill $$` because
# this runs in subshells, where `exit` would end only them (the EXIT trap then stops serve and the senders).
cameras() {
  curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$1/api/cameras" && return
  echo "gb28181.sh: GET /api/cameras refused or unanswered (see $work/*.log)" >&2
  kill -TERM $$
  exit 1
}
token_for() { "$bin" token create --db "$1" --role admin --name bench | tail -1; }
measure() {  # pid port → "slowest_fps cpu_percent_per_stream"
  local a b c0 c1
  a=$(cameras "$2"); c0=$(cpu_ticks "$1")
  sleep "$window"
  b=$(cameras "$2"); c1=$(cpu_ticks "$1")
  python3 - "$a" "$b" "$window" "$((c1 - c0))" "$hz" "$n" <<'PY'
import json, sys
a, b = ({c["id"]: c for c in json.loads(t)} for t in sys.argv[1:3])
window, ticks, hz, n = float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
fps = min((b[k]["frames_decoded"] - a.get(k, {"frames_decoded": 0})["frames_decoded"]) / window for k in b) if b else 0
print("%.2f %.2f" % (fps, 100.0 * ticks / hz / window / n))
PY
}

# --- GB/T 28181 side
sip=$((base - 2)); http=$((base - 1))
cat > "$work/gb.yaml" <<YAML
storage: {database: $PWD/$work/gb.sqlite}
workers: 2
http: {listen: 127.0.0.1:$http}
cameras: []
gb28181:
  id: "34020000002000000001"
  listen: 127.0.0.1:$sip
  media_address: 127.0.0.1
  rtp_ports: $base-$((base + 199))
  keepalive_interval: 10
  password: {env: GB_BENCH_PASSWORD}
  channels: [{prefix: "3402", stages: [motion], sampling: {fps: 2}}]
YAML
token=$(token_for "$work/gb.sqlite")
GB_BENCH_PASSWORD=bench-pw "$bin" serve --config "$work/gb.yaml" 2>"$work/gb.log" & serve=$!; pids+=($serve)
until curl -s -o /dev/null "http://127.0.0.1:$http/health"; do kill -0 "$serve" || { tail -3 "$work"/*.log; exit 1; }; sleep 0.2; done
startups=()
for ((i = 0; i < n; i++)); do
  device=$(printf "340200000013200%05d" "$i"); channel=$(printf "340200000013100%05d" "$i")
  started=$(date +%s.%N)
  python3 scripts/gb28181-sim.py --server "127.0.0.1:$sip" --clip "$clip" --password bench-pw --keepalive 10 \
    --device-id "$device" --channels "$channel=通道$i" >"$work/sim$i.log" 2>&1 & pids+=($!)
  invited=""
  until cameras "$http" | python3 -c "
import json, sys; sys.exit(0 if any(c['id'] == '$channel' and c['frames_decoded'] > 0 for c in json.load(sys.stdin)) else 1)"; do
    [ -z "$invited" ] && grep -q "^invite" "$work/sim$i.log" && invited=$(date +%s.%N)
    sleep 0.05
  done
  startups+=("$(echo "$(date +%s.%N) - ${invited:-$started}" | bc)")
done
sleep 5
read -r gb_fps gb_cpu < <(measure "$serve" "$http")
stop_all

# --- MPEG-TS/UDP side, same clip
http=$((base - 3))
{ echo "storage: {database: $PWD/$work/ts.sqlite}"; echo "workers: 2"; echo "http: {listen: 127.0.0.1:$http}"; echo "cameras:"
  for ((i = 0; i < n; i++)); do
    echo "  - {id: ts$i, kind: fixed, url: 'udp://127.0.0.1:$((base + 300 + i))', sampling: {fps: 2}, stages: [motion]}"
  done; } > "$work/ts.yaml"
for ((i = 0; i < n; i++)); do
  ffmpeg -hide_banner -loglevel error -nostdin -re -stream_loop -1 -i "$clip" -an -c copy -f mpegts \
    "udp://127.0.0.1:$((base + 300 + i))?pkt_size=1316" & pids+=($!)
done
token=$(token_for "$work/ts.sqlite")
"$bin" serve --config "$work/ts.yaml" 2>"$work/ts.log" & serve=$!; pids+=($serve)
until curl -s -o /dev/null "http://127.0.0.1:$http/health"; do kill -0 "$serve" || { tail -3 "$work"/*.log; exit 1; }; sleep 0.2; done
sleep 10
read -r ts_fps ts_cpu < <(measure "$serve" "$http")
stop_all

python3 - "$n" "$window" "$gb_fps" "$gb_cpu" "$ts_fps" "$ts_cpu" "${startups[@]}" <<'PY' | tee Benchmarks/results/gb28181.json
import json, sys
n, window = int(sys.argv[1]), int(sys.argv[2])
gb_fps, gb_cpu, ts_fps, ts_cpu = map(float, sys.argv[3:7])
startups = [float(s) for s in sys.argv[7:]]
print(json.dumps({
    "streams": n, "window_s": window,
    "gb28181": {"slowest_fps": gb_fps, "cpu_percent_per_stream": gb_cpu,
                "seconds_invite_to_first_frame": startups, "median_seconds_invite_to_first_frame": sorted(startups)[len(startups) // 2]},
    "mpegts_udp": {"slowest_fps": ts_fps, "cpu_percent_per_stream": ts_cpu},
    "cpu_ratio_gb_over_ts": round(gb_cpu / ts_cpu, 2) if ts_cpu else None,
}, indent=2))
PY
