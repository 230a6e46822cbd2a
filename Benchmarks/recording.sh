#!/usr/bin/env bash
# What recording costs: N looped 1280x720 25 fps H.264 streams at 2 Mbit/s (the street clip of Benchmarks/live.sh,
# sent without re-encoding as MPEG-TS over UDP on loopback), each analysed by one `sharpeyes serve` at 2 sampled
# frames per second with motion only (so that analysis, which varies with the scene, does not drown the figure),
# under three recording modes, one after another and ROUNDS times over, in one run:
#   off         no packet ring, no clips (the baseline);
#   events      the packet ring (pre-roll) kept for incident clips;
#   continuous  the ring and every packet written to 10 s MP4 segments by stream copy;
#   viewers     `events`, with one live viewer on every camera (Benchmarks/live_viewer.py: the WebSocket of the
#               console's Live button, read and dropped), so `viewers` minus `events` is what one viewer costs.
# For each mode: serve's CPU per camera over WINDOW seconds (after 15 s to settle), its resident memory at the end,
# and the bytes written under the snapshot directory (per camera-hour; motion snapshots too, so recording's own is
# `continuous` minus `off`). Recording's CPU is `continuous` minus `off` per camera (times N for all of them); the
# ring's memory is `events` minus `off`. The medians over the rounds are compared.
# Usage: Benchmarks/recording.sh [N]   (default 16; WINDOW=40 seconds; ROUNDS=2; BIN=.build/release/sharpeyes;
#        MODES="off events continuous viewers")
# Result: Benchmarks/results/recording.json.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-16}
window=${WINDOW:-40}
rounds=${ROUNDS:-2}
bin=${BIN:-.build/release/sharpeyes}
work=Benchmarks/.work/recording && mkdir -p "$work" Benchmarks/results
source Benchmarks/streams.sh
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
written() { du -sk "$1" 2>/dev/null | cut -f1; }

one() {  # mode → "cpu_percent_per_camera rss_mib written_mib_per_camera_hour segments"
  local mode=$1 dir="$work/$1" port=$((base - 1)) recording=$1 viewers=()
  [ "$mode" = viewers ] && recording=events
  rm -rf "$dir" && mkdir -p "$dir/snapshots"
  { echo "storage: {database: $PWD/$dir/db.sqlite, snapshots: $PWD/$dir/snapshots}"; echo "workers: 2"
    echo "http: {listen: 127.0.0.1:$port}"
    echo "defaults: {recording: {mode: $recording}}"; echo "cameras:"
    for ((i = 0; i < n; i++)); do
      echo "  - {id: cam$i, kind: fixed, url: 'udp://127.0.0.1:$((base + i))', sampling: {fps: 2}, stages: [motion]}"
    done; } > "$dir/serve.yaml"
  start_senders "$n"
  "$bin" serve --config "$dir/serve.yaml" 2>"$dir/serve.log" & local pid=$!
  sleep 10
  if [ "$mode" = viewers ]; then
    local token
    token=$("$bin" token create --db "$dir/db.sqlite" --role admin --name bench | tail -n 1)
    for ((i = 0; i < n; i++)); do
      python3 Benchmarks/live_viewer.py "http://127.0.0.1:$port" "cam$i" "$token" 2>>"$dir/viewers.log" & viewers+=($!)
    done
  fi
  sleep 5
  local c0 c1 w0 w1 rss
  c0=$(cpu_ticks $pid); w0=$(written "$dir/snapshots")
  sleep "$window"
  c1=$(cpu_ticks $pid); w1=$(written "$dir/snapshots"); rss=$(rss_kib $pid)
  if [ ${#viewers[@]} -gt 0 ]; then
    local alive=0
    for viewer in "${viewers[@]}"; do kill -0 "$viewer" 2>/dev/null && alive=$((alive + 1)); done
    [ "$alive" = "$n" ] || { echo "recording.sh: only $alive of $n live viewers were still watching (see $dir/viewers.log)" >&2; exit 1; }
    kill "${viewers[@]}" 2>/dev/null || true
  fi
  kill -TERM $pid; wait $pid 2>/dev/null || true
  stop_all
  local segments
  segments=$(find "$dir/snapshots" -name '*.mp4' -path '*/recording/*' | wc -l)
  python3 - "$((c1 - c0))" "$hz" "$window" "$n" "$rss" "$((w1 - w0))" "$segments" <<'PY'
import sys
ticks, hz, window, n, rss, written, segments = map(float, sys.argv[1:])
print(f"{100 * ticks / hz / window / n:.2f} {rss / 1024:.0f} {written / 1024 * 3600 / window / n:.0f} {segments:.0f}")
PY
}

echo "== load: $(cut -d' ' -f1-3 /proc/loadavg); $n cameras; window ${window} s; $rounds round(s); clip $clip"
printf '%6s %11s  %14s %8s %22s %9s\n' round mode cpu%/camera rss_MiB written_MiB/cam-hour segments
results=()
for ((r = 1; r <= rounds; r++)); do
  for mode in ${MODES:-off events continuous viewers}; do
    read -r cpu rss disk segments < <(one "$mode")
    printf '%6d %11s  %14s %8s %22s %9s\n' "$r" "$mode" "$cpu" "$rss" "$disk" "$segments"
    results+=("{\"round\": $r, \"mode\": \"$mode\", \"cpu_percent_per_camera\": $cpu, \"rss_mib\": $rss, \"written_mib_per_camera_hour\": $disk, \"segments\": $segments}")
  done
done
summary=$(python3 - "${results[@]}" <<'PY'
import json, sys, statistics
runs = [json.loads(a) for a in sys.argv[1:]]
n = None
def median(mode, key): return statistics.median(r[key] for r in runs if r["mode"] == mode)
modes = {r["mode"] for r in runs}
off, events, cont, viewers = (median(m, "cpu_percent_per_camera") if m in modes else float("nan")
                              for m in ("off", "events", "continuous", "viewers"))
def diff(a, b): return None if a != a or b != b else round(a - b, 2)  # a mode not run is NaN
print(json.dumps({"recording_cpu_percent_per_camera": diff(cont, off), "ring_cpu_percent_per_camera": diff(events, off),
                  "viewer_cpu_percent": diff(viewers, events),
                  "ring_rss_mib": median("events", "rss_mib") - median("off", "rss_mib"),
                  "continuous_rss_mib": median("continuous", "rss_mib") - median("off", "rss_mib"),
                  "recording_written_mib_per_camera_hour": median("continuous", "written_mib_per_camera_hour")
                      - median("off", "written_mib_per_camera_hour")}))
PY
)
echo "== medians, against off: $summary (CPU in percent of one core per camera; times $n for all cameras)"
(IFS=,; echo "{\"cameras\": $n, \"window_seconds\": $window, \"load\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"summary\": $summary, \"runs\": [${results[*]}]}") \
  > Benchmarks/results/recording.json
