#!/usr/bin/env bash
# One district's store at scale (#22), PostgreSQL against SQLite on this machine, in one run. It starts a private
# PostgreSQL 15 cluster (a temporary directory under /tmp, a free loopback port, run as the postgres user when root,
# PostgreSQL's durable defaults: fsync and synchronous_commit on, like SQLite's synchronous=FULL here) and removes it
# however the script ends.
#
#   1 writes  `sharpeyes bench writes`: plate sightings, then hits that each raise a new incident, written by WRITERS
#             cameras at once through each store's recording write (SQLite from a thread per camera; PostgreSQL
#             through the pool, fenced by lease epochs), ROUNDS rounds alternating the stores.
#   2 history a seeded week of CAMERAS cameras and SIGHTINGS sightings (`sharpeyes dev seed`, cached in
#             Benchmarks/.work/scale) copied row for row into PostgreSQL (scale_copy.py); for each store an `analysis`
#             node (node: {roles: [analysis]}) analyses LIVE_CAMERAS looped clips in real time into the database while
#             an `api` node (node: {roles: [api]}) answers an open-loop RATE requests/s of mixed history filters for
#             DURATION s (scale_load.py: cameras, kinds, plates exact, wildcard and fuzzy, time ranges, pages of
#             50–500, trajectories; the same requests for both stores). Aim: p99 ≤ 50 ms.
#   3 leases  `sharpeyes bench leases`: NODES simulated nodes × 12 cameras on the real lease SQL over one pool of
#             LEASE_CONNECTIONS connections: cold start, steady, 10% of the nodes killed.
#
# Usage: Benchmarks/scale.sh [writes] [history] [leases]   (all three by default; after scripts/setup.sh and a
#        release build; BIN=… picks another binary, BENCH_BIN=… another for the two bench commands;
#        SIGHTINGS=20000 DURATION=10 NODES=30 for a quick try; LEASE_ARGS=--no-definitions passes options to
#        bench leases; LABEL=name adds -name to the result's name)
# Result: Benchmarks/results/scale-<date>[-LABEL].txt and .json
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-.build/release/sharpeyes} bench=${BENCH_BIN:-${BIN:-.build/release/sharpeyes}}
for binary in "$bin" "$bench"; do
  [ -x "$binary" ] || { echo "scale.sh: $binary is missing: build it first (swift build -c release)" >&2; exit 1; }
done
pgbin=/usr/lib/postgresql/15/bin
[ -x "$pgbin/initdb" ] || { echo "scale.sh: PostgreSQL 15 is missing: run scripts/setup.sh" >&2; exit 1; }
for tool in psql sqlite3 curl python3; do
  command -v "$tool" >/dev/null || { echo "scale.sh: $tool is missing: run scripts/setup.sh" >&2; exit 1; }
done
steps=${*:-writes history leases}
cameras=${CAMERAS:-200} sightings=${SIGHTINGS:-1000000} incidents=${INCIDENTS:-10000} seed=42 end=2026-12-07T00:00:00Z
rate=${RATE:-200} duration=${DURATION:-60} warmup=${WARMUP:-5} live=${LIVE_CAMERAS:-1}
writers=${WRITERS:-12} passes=${PASSES:-3000} rounds=${ROUNDS:-2}
nodes=${NODES:-300} lease_connections=${LEASE_CONNECTIONS:-40} steady=${STEADY:-30} ttl=${TTL:-15}
work=$PWD/Benchmarks/.work/scale && mkdir -p "$work" Benchmarks/results
stamp=$(date -u +%Y-%m-%d)
result=Benchmarks/results/scale-$stamp${LABEL:+-$LABEL}
parts=$work/parts && rm -rf "$parts" && mkdir -p "$parts"
load() { cut -d' ' -f1-3 /proc/loadavg; }

# --- the private PostgreSQL cluster ---------------------------------------------------------------------------------
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cluster=$(mktemp -d /tmp/sharpeyes-scale-XXXXXX)
pgport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export SCALE_PG_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  [ -f "$cluster/data/postmaster.pid" ] && as_server "$pgbin/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
trap cleanup EXIT
printf '%s' "$SCALE_PG_PASSWORD" >"$cluster/password"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$cluster"
as_server "$pgbin/initdb" -D "$cluster/data" -U sharpeyes --pwfile="$cluster/password" --auth-local=trust \
  --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-instructions >"$cluster/initdb.log"
rm -f "$cluster/password"
as_server "$pgbin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 120 \
  -o "-p $pgport -k $cluster -c listen_addresses=127.0.0.1 -c shared_buffers=1GB" start >/dev/null
postmaster=$(head -n 1 "$cluster/data/postmaster.pid")
psql_args=(-h "$cluster" -p "$pgport" -U sharpeyes)
sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 "${psql_args[@]}" -d "$1" -c "$2"; }
database() {  # name → a serve config's storage: line for it (the database created empty)
  sql postgres "CREATE DATABASE $1" >/dev/null
  mkdir -p "$work/snapshots-$1"
  echo "storage: {database: \"postgres://sharpeyes@127.0.0.1:$pgport/$1\", password: {env: SCALE_PG_PASSWORD}, snapshots: $work/snapshots-$1"
}
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on port $pgport ($cluster), postmaster $postmaster"

header="scale benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $("$bin" --version 2>/dev/null || echo "$bin")
machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), load at the start $(load)
PostgreSQL 15 (Debian), fsync and synchronous_commit on, shared_buffers 1GB; SQLite WAL, synchronous=FULL"
echo "$header"
summary=("$header")

# --- 1 writes ---------------------------------------------------------------------------------------------------------
if [[ " $steps " == *" writes "* ]]; then
  echo "== writes: $writers cameras at once, $passes passes of each kind a round, $rounds rounds (load $(load))"
  echo "$(database writes)}" >"$work/writes.yaml"
  rm -f "$work/writes.sqlite"*
  "$bench" bench writes --sqlite "$work/writes.sqlite" --storage "$work/writes.yaml" --writers "$writers" \
    --passes "$passes" --rounds "$rounds" --json | tee "$work/writes.out"
  tail -n 1 "$work/writes.out" >"$parts/writes.json"
  summary+=("" "writes ($writers cameras at once, $passes passes a kind a round; load at the start $(load)):")
  summary+=("$(python3 - "$parts/writes.json" <<'PY'
import json, sys, statistics
rows = json.load(open(sys.argv[1]))
for work in ("sightings", "incidents"):
    rates = {store: [r["per_second"] for r in rows if r["store"] == store and r["work"] == work] for store in ("sqlite", "postgres")}
    p99 = {store: max(r["p99_milliseconds"] for r in rows if r["store"] == store and r["work"] == work) for store in rates}
    lite, pg = statistics.median(rates["sqlite"]), statistics.median(rates["postgres"])
    print(f"  {work:9}  SQLite {lite:7.0f}/s (rounds {', '.join(f'{r:.0f}' for r in rates['sqlite'])}; a write p99 ≤ {p99['sqlite']:.1f} ms)"
          f"   PostgreSQL {pg:7.0f}/s (rounds {', '.join(f'{r:.0f}' for r in rates['postgres'])}; p99 ≤ {p99['postgres']:.1f} ms)"
          f"   PostgreSQL/SQLite {pg / lite:.2f}×")
PY
)")
fi

# --- 2 history --------------------------------------------------------------------------------------------------------
serve_node() {  # config, log → pid (and waits for /health on the config's port)
  "$bin" serve --config "$1" 2>"$2" &
  local pid=$! port
  pids+=("$pid")
  port=$(sed -n 's/.*listen: 127.0.0.1:\([0-9]*\).*/\1/p' "$1")
  for attempt in $(seq 240); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { echo "scale.sh: serve ($1) exited:" >&2; tail -n 5 "$2" >&2; exit 1; }
    [ "$attempt" -lt 240 ] || { echo "scale.sh: no /health from $1 in 120 s" >&2; exit 1; }
    sleep 0.5
  done
  echo "$pid"
}
stop_nodes() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
live_cameras() {  # the analysis node's cameras, looped in real time, motion, faces and plates at 2 fps: the plate
  echo "cameras:"  # slideshow (every plate read is a sighting), then the Hamilton clip (faces), in turn
  local clips=(Fixtures/plates/slideshow.mp4 Fixtures/short_hamilton_clip.mp4)
  for ((i = 1; i <= live; i++)); do
    echo "  - {id: live-$i, name: Live $i, kind: file, url: $PWD/${clips[$(((i - 1) % 2))]}, loop: true, realtime: true,"
    echo "     sampling: {fps: 2}, stages: [motion, faces, plates]}"
  done
}
history_round() {  # store (sqlite|postgres), storage line (without the closing brace)
  local store=$1 storage=$2 aport pport token written_before written_after
  aport=$(free_port) pport=$(free_port)
  local extra="" node_extra=""
  [ "$store" = postgres ] && extra=", cameras_from: database, lease_seconds: 15" node_extra=", capacity: $live"
  { echo "$storage$extra}"; echo "workers: 2"; echo "node: {id: analysis-1, roles: [analysis]$node_extra}"
    echo "http: {listen: 127.0.0.1:$aport}"; live_cameras; } >"$work/$store-analysis.yaml"
  { echo "$storage}"; echo "node: {id: api-1, roles: [api]}"; echo "http: {listen: 127.0.0.1:$pport}"; } >"$work/$store-api.yaml"
  if [ "$store" = sqlite ]; then
    token=$("$bin" token create --db "$work/city.sqlite" --role investigator --name "bench-$RANDOM" | tail -n 1)
  else
    token=$("$bin" token create --storage "$work/postgres-api.yaml" --role investigator --name "bench-$RANDOM" | tail -n 1)
  fi
  serve_node "$work/$store-analysis.yaml" "$work/$store-analysis.log" >/dev/null
  local analysis=${pids[-1]}
  serve_node "$work/$store-api.yaml" "$work/$store-api.log" >/dev/null
  local api=${pids[-1]}
  sleep 5  # models loaded and the cameras analysing before the first request
  written_before=$(live_sightings "$store")
  local at ticks_before ticks_after; at=$(load)
  echo "-- $store: api node on :$pport, analysis node on :$aport ($live camera(s)); load $at"
  ticks_before="$(ticks "$api") $(ticks "$analysis") $(server_ticks)"
  python3 Benchmarks/scale_load.py --url "http://127.0.0.1:$pport" --token "$token" --catalog "$work/seed.sqlite" \
    --rate "$rate" --duration "$duration" --warmup "$warmup" --label "$store" --out "$parts/history-$store.json" \
    | tee "$work/history-$store.out"
  ticks_after="$(ticks "$api") $(ticks "$analysis") $(server_ticks)"
  written_after=$(live_sightings "$store")
  stop_nodes
  python3 - "$parts/history-$store.json" "$at" "$written_before" "$written_after" "$ticks_before" "$ticks_after" \
    "$(getconf CLK_TCK)" <<'PY'
import json, sys
path, at, before, after, ticks_before, ticks_after, hz = sys.argv[1:]
result = json.load(open(path))
used = [(int(b) - int(a)) / int(hz) for a, b in zip(ticks_before.split(), ticks_after.split())]
seconds = result["duration_s"] + result["warmup_s"]
requests = result["rate"] * seconds
result.update(load_at_start=at, analysis_sightings_during=int(after) - int(before),
              cpu_cores={"api_node": used[0] / seconds, "analysis_node": used[1] / seconds, "postgres": used[2] / seconds},
              cpu_ms_per_request={"api_node": used[0] * 1000 / requests, "postgres": used[2] * 1000 / requests})
json.dump(result, open(path, "w"), indent=1)
PY
}
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
server_ticks() {  # the PostgreSQL server's processes: the postmaster and its children
  local total; total=$(ticks "$postmaster")
  for child in $(ps -o pid= --ppid "$postmaster"); do total=$((total + $(ticks "$child"))); done
  echo "$total"
}
live_sightings() {
  if [ "$1" = sqlite ]; then sqlite3 "$work/city.sqlite" "SELECT count(*) FROM sighting WHERE cameraId LIKE 'live-%'"
  else sql city "SELECT count(*) FROM sighting WHERE \"cameraId\" LIKE 'live-%'"; fi
}
if [[ " $steps " == *" history "* ]]; then
  echo "== history: $sightings sightings over $cameras cameras, open loop $rate requests/s for $duration s (load $(load))"
  params="$cameras $sightings $incidents $seed $end"
  if [ -f "$work/seed.sqlite" ] && [ "$(cat "$work/seed.params" 2>/dev/null)" = "$params" ]; then
    echo "reusing $work/seed.sqlite ($(cat "$work/seed.txt"))"
  else
    rm -f "$work/seed.sqlite"* "$work/seed.params"
    "$bin" dev seed --db "$work/seed.sqlite" --cameras "$cameras" --sightings "$sightings" --incidents "$incidents" \
      --seed "$seed" --end "$end" | tee "$work/seed.txt"
    sqlite3 "$work/seed.sqlite" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    echo "$params" >"$work/seed.params"
  fi
  cp "$work/seed.sqlite" "$work/city.sqlite" && rm -f "$work/city.sqlite-wal" "$work/city.sqlite-shm"
  city=$(database city)
  echo "$city}" >"$work/postgres-api.yaml"
  "$bin" cameras list --storage "$work/postgres-api.yaml" >/dev/null  # migrates the empty database
  python3 Benchmarks/scale_copy.py "$work/seed.sqlite" -- "${psql_args[@]}" -d city | tee "$work/copy.txt"
  summary+=("" "history: $(cat "$work/seed.txt"); PostgreSQL: $(cat "$work/copy.txt")")
  summary+=("open loop, $rate requests/s for $duration s (after $warmup s not counted), the same requests on both; an api node serving, an analysis node running $live camera(s):")
  history_round sqlite "storage: {database: $work/city.sqlite"
  history_round postgres "$city"
  summary+=("$(python3 - "$parts" <<'PY'
import json, sys
parts = sys.argv[1]
lite, pg = (json.load(open(f"{parts}/history-{s}.json")) for s in ("sqlite", "postgres"))
fmt = lambda v: "-" if v is None else f"{v:.1f}"
print(f"  {'kind':11} {'requests':>8}   {'SQLite p50/p99 ms':>20}   {'PostgreSQL p50/p99 ms':>22}")
for kind in list(lite["kinds"]) + ["total"]:
    a = lite["kinds"].get(kind, lite["total"]); b = pg["kinds"].get(kind, pg["total"])
    print(f"  {kind:11} {a['requests']:8}   {fmt(a['p50_ms']):>9} / {fmt(a['p99_ms']):>8}   {fmt(b['p50_ms']):>10} / {fmt(b['p99_ms']):>9}")
for name, r in (("SQLite", lite), ("PostgreSQL", pg)):
    t = r["total"]
    verdict = "met" if t["p99_ms"] is not None and t["p99_ms"] <= 50 and t["failed"] == 0 else "NOT met"
    cores, per = r["cpu_cores"], r["cpu_ms_per_request"]
    print(f"  {name}: sent {r['sent_per_s']:.0f}/s, {t['failed']} failed, max {fmt(t['max_ms'])} ms, {r['connections_opened']} connections; "
          f"load at its start {r['load_at_start']}; analysis node wrote {r['analysis_sightings_during']} sightings meanwhile; p99 ≤ 50 ms {verdict}")
    print(f"    CPU (cores): api node {cores['api_node']:.2f}, analysis node {cores['analysis_node']:.2f}, PostgreSQL server {cores['postgres']:.2f}; "
          f"per request: api node {per['api_node']:.2f} ms, PostgreSQL {per['postgres']:.2f} ms")
PY
)")
fi

# --- 3 leases ---------------------------------------------------------------------------------------------------------
if [[ " $steps " == *" leases "* ]]; then
  echo "== leases: $nodes nodes × 12 cameras over $lease_connections connections, TTL $ttl s (load $(load))"
  echo "$(database leases)}" >"$work/leases.yaml"
  at=$(load)
  "$bench" bench leases --storage "$work/leases.yaml" --nodes "$nodes" --connections "$lease_connections" --ttl "$ttl" \
    --steady "$steady" --postgres-pid "$postmaster" ${LEASE_ARGS:-} --json | tee "$work/leases.out"
  tail -n 1 "$work/leases.out" >"$parts/leases.json"
  summary+=("" "leases (load at the start $at):")
  while IFS= read -r line; do summary+=("  $line"); done < <(head -n -1 "$work/leases.out")
fi

printf '%s\n' "${summary[@]}" | tee "$result.txt"
python3 - "$parts" "$result.json" "$header" <<'PY'
import glob, json, os, sys
parts, out, header = sys.argv[1:]
merged = {"header": header}
for path in sorted(glob.glob(f"{parts}/*.json")):
    merged[os.path.basename(path)[:-5]] = json.load(open(path))
json.dump(merged, open(out, "w"), indent=1, ensure_ascii=False)
PY
echo "written $result.txt and $result.json"
