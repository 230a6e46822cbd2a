#!/usr/bin/env bash
# History API under load: a seeded week of a 200-camera city (1,000,000 sightings, 10,000 incidents with their
# dispatch orders), served by `sharpeyes serve` while one camera (the Hamilton clip, looped in real time, motion,
# faces and plates at 2 fps) is analysed into the same database, so reads compete with a live writer.
#
# Steps: 1 seed (reused when Benchmarks/.work/api holds one of the same parameters; each run adds the live camera's
# few sightings and a token to it), 2 token, 3 serve, 4 wrk on each
# route for DURATION with THREADS threads, first with CONNECTIONS connections (2: the target check), then with
# SATURATE connections (8: the most the server answers, and the queueing that costs):
#   health        GET /health                                   (the HTTP floor, no database)
#   trajectory    GET /api/plates/{plate}/trajectory?from=…&to=… (rotating over 100 plates seen at 5+ cameras)
#   incidents     GET /api/incidents?camera=cam-NNN&severity=high&limit=50 (rotating over the cameras)
# Target for the two API routes: 200 requests/s or more with p99 at most 20 ms, checked at 2 connections. wrk is
# closed-loop (each connection waits for its answer), so at 8 connections it keeps a saturated server's queue full
# and p99 measures that queue (latency ≈ connections / throughput), not the latency at 200 requests/s; the 8-connection
# row is reported, not judged. A route answering anything but 2xx fails the run. The server is stopped (SIGTERM,
# drained) however the script ends.
#
# Usage: Benchmarks/api.sh   (after scripts/setup.sh; DURATION=30s THREADS=2 CONNECTIONS=2 SATURATE=8; TOKEN=… skips step 2)
# Result: Benchmarks/results/api-<date>.txt
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/sharpeyes
[ -x "$bin" ] || { echo "api.sh: $bin is missing: build it first (scripts/setup.sh)" >&2; exit 1; }
for tool in wrk sqlite3 curl python3; do
  command -v "$tool" >/dev/null || { echo "api.sh: $tool is missing: run scripts/setup.sh" >&2; exit 1; }
done
cameras=200 sightings=1000000 incidents=10000 days=7 seed=42
duration=${DURATION:-30s} threads=${THREADS:-2} connections=${CONNECTIONS:-2} saturate=${SATURATE:-8}
work=Benchmarks/.work/api && mkdir -p "$work" Benchmarks/results
db=$PWD/$work/bench.sqlite
result=Benchmarks/results/api-$(date -u +%Y-%m-%d).txt

echo "== 1/4 seed: $cameras cameras, $sightings sightings, $incidents incidents over $days days (seed $seed)"
params="$cameras $sightings $incidents $days $seed"
if [ -f "$db" ] && [ "$(cat "$work/seed.params" 2>/dev/null)" = "$params" ]; then
  echo "reusing $db ($(cat "$work/seed.txt"))"
else
  rm -f "$db" "$db-wal" "$db-shm" "$work/seed.params"
  "$bin" dev seed --db "$db" --cameras $cameras --sightings $sightings --incidents $incidents --days $days --seed $seed \
    | tee "$work/seed.txt"
  echo "$params" >"$work/seed.params"
fi

echo "== 2/4 token: sharpeyes token create (part of the history API)"
if [ -z "${TOKEN:-}" ]; then
  if ! created=$("$bin" token create --db "$db" --role investigator --name bench 2>&1); then
    echo "api.sh: 'sharpeyes token create' failed: this build has no history API yet (or it changed):" >&2
    printf '%s\n' "$created" | tail -n 3 >&2
    exit 2
  fi
  TOKEN=$(printf '%s\n' "$created" | tail -n 1)
fi

echo "== 3/4 serve: one camera analysing Fixtures/short_hamilton_clip.mp4 in a loop, into the seeded database"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/serve.yaml" <<YAML
storage: {database: $db}
workers: 2
http: {listen: 127.0.0.1:$port}
cameras:
  - {id: bench-live, name: Benchmark loop, kind: file, url: $PWD/Fixtures/short_hamilton_clip.mp4, loop: true,
     realtime: true, sampling: {fps: 2}, stages: [motion, faces, plates]}
YAML
base=http://127.0.0.1:$port
serve_pid=
stop_serve() {
  [ -n "$serve_pid" ] || return 0
  kill -TERM "$serve_pid" 2>/dev/null || true
  for _ in $(seq 60); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$serve_pid" 2>/dev/null || true
  wait "$serve_pid" 2>/dev/null || true
  serve_pid=
}
trap stop_serve EXIT
"$bin" serve --config "$work/serve.yaml" 2>"$work/serve.log" &
serve_pid=$!
for attempt in $(seq 120); do
  curl -fsS -o /dev/null "$base/health" 2>/dev/null && break
  kill -0 "$serve_pid" 2>/dev/null || { echo "api.sh: serve exited:" >&2; tail -n 5 "$work/serve.log" >&2; exit 1; }
  [ "$attempt" -lt 120 ] || { echo "api.sh: no /health answer in 60 s" >&2; exit 1; }
  sleep 0.5
done
camera_frames() {  # frames analysed and dropped by the live camera so far
  curl -fsS -H "Authorization: Bearer $TOKEN" "$base/api/cameras" 2>/dev/null | python3 -c '
import json, sys
live = [c for c in json.load(sys.stdin) if c.get("id") == "bench-live"] or [{}]
print(live[0].get("frames_analysed", "?"), live[0].get("frames_dropped", "?"))' && return
  # Refused: end the whole run (this runs in a subshell, where `exit` would end only that).
  echo "api.sh: GET /api/cameras refused or unanswered (see $work/serve.log)" >&2
  kill -TERM $$
  exit 1
}
sleep 5  # models loaded and the camera analysing before the first request

# The plates to follow: 100 that passed 5 or more cameras (by serial, so not all from one province), and the seeded
# week (an hour wider on each side).
plates=$(sqlite3 "$db" "SELECT '\"' || label || '\",' FROM sighting WHERE kind = 'plate' GROUP BY label
  HAVING count(DISTINCT cameraId) >= 5 ORDER BY substr(label, 3), label LIMIT 100")
window=$(sqlite3 -separator ' ' "$db" "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', min(firstSeen), '-1 hour'),
  strftime('%Y-%m-%dT%H:%M:%SZ', max(firstSeen), '+1 hour') FROM sighting")
read -r from to <<<"$window"
[ -n "$plates" ] || { echo "api.sh: no plate in $db passed 5 cameras" >&2; exit 1; }

# One Lua script per route: the header, and a path drawn in turn from a list (each wrk thread starts elsewhere in it).
lua() {  # name, Lua list items, Lua expression of the path from `item`
  cat >"$work/$1.lua" <<LUA
local items = { $2 }
local token = "$TOKEN"
local function encode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local offset = 0
function setup(thread) thread:set("first", offset); offset = offset + 37 end
function init(args) index = first or 0 end
function request()
  index = index % #items + 1
  local item = items[index]
  return wrk.format("GET", $3, { ["Authorization"] = "Bearer " .. token })
end
LUA
}
lua health '"-"' '"/health"'
lua trajectory "$plates" "\"/api/plates/\" .. encode(item) .. \"/trajectory?from=$from&to=$to\""
lua incidents "$(seq -f '"cam-%03g",' 0 $((cameras - 1)) | tr -d '\n')" '"/api/incidents?camera=" .. item .. "&severity=high&limit=50"'

to_ms() {  # wrk's 812.00us / 1.23ms / 2.01s → milliseconds
  awk -v t="$1" 'BEGIN { v = t + 0; if (t ~ /us$/) v /= 1000; else if (t ~ /ms$/) v *= 1; else if (t ~ /s$/) v *= 1000; printf "%.2f", v }'
}
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== 4/4 wrk -t$threads -c$connections and -c$saturate -d$duration --latency, per route (load $load)"
read -r analysed_before dropped_before < <(camera_frames)
failed=0
rows=()
for route in health trajectory incidents; do
  for count in "$connections" "$saturate"; do
    out="$work/$route.c$count.wrk.txt"
    wrk -t"$threads" -c"$count" -d"$duration" --latency -s "$work/$route.lua" "$base" >"$out"
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
    bad=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
    errors=$(awk '/Socket errors:/ {print}' "$out")
    verdict=ok
    if [ -n "$bad" ] || [ -n "$errors" ]; then
      verdict="FAILED: ${bad:-0} non-2xx responses${errors:+, $errors}"
      failed=1
    elif [ "$count" != "$connections" ] || [ "$route" = health ]; then
      verdict="(reported)"
    elif ! awk -v r="$rps" -v p="$p99" 'BEGIN { exit !(r >= 200 && p <= 20) }'; then
      verdict="below target (200 req/s, p99 20 ms)"
      failed=1
    fi
    rows+=("$(printf '%-11s %5s %10s %9s %9s   %s' "$route" "$count" "$rps" "$p50" "$p99" "$verdict")")
    echo "${rows[-1]}"
  done
done
read -r analysed_after dropped_after < <(camera_frames)

{
  echo "api benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "machine: $(nproc) cores, load before the runs $load"
  echo "database: $(cat "$work/seed.txt")"
  echo "wrk -t$threads -d$duration --latency at $connections and $saturate connections; plates over $from to $to"
  printf '%-11s %5s %10s %9s %9s   %s\n' route conns req/s p50_ms p99_ms verdict
  printf '%s\n' "${rows[@]}"
  echo "live camera during the runs: frames analysed $analysed_before -> $analysed_after, dropped $dropped_before -> $dropped_after"
} | tee "$result"
echo "written $result"
exit $failed
