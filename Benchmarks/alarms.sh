#!/usr/bin/env bash
# Alarm latency (#25: "POST /api/alarms with a device token: incident within 1 s"): one `sharpeyes serve` with a
# camera (the plate slideshow, looped in real time, recording incidents' clips) and a school's one-button alarm
# dispatched to a patrol car, a police post and the command centre; N alarms posted one after another with the
# device's token, each answered 201 only once its incident and orders are committed. Reports the answer time
# (curl's time_total: request to the whole answer) median, p90 and max, and checks each incident has its 3 orders
# and a snapshot.
# Usage: Benchmarks/alarms.sh [N=50]   [env: BIN (.build/release/sharpeyes)]
# Result: Benchmarks/results/alarms.json
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-50}
bin=${BIN:-.build/release/sharpeyes}
work=Benchmarks/.work/alarms && rm -rf "$work" && mkdir -p "$work" Benchmarks/results
db=$work/alarms.sqlite port=$((30000 + RANDOM % 20000))
cat > "$work/serve.yaml" <<EOF
storage: {database: $PWD/$db}
http: {listen: 127.0.0.1:$port}
cameras:
  - {id: school-gate, kind: file, url: '$PWD/Fixtures/plates/slideshow.mp4', loop: true, realtime: true,
     position: [45.7606, 126.6481], stages: [motion], recording: {mode: events, pre_roll: 2, post_roll: 3}}
forces:
  - {id: patrol-11, name: Patrol car 11, type: patrol, position: [45.762, 126.652]}
  - {id: post-daoli, name: Daoli police post, type: police_post, position: [45.765, 126.660]}
  - {id: centre, name: Command centre, type: command_centre}
rules:
  - {name: school alarms, when: {kind: alarm}, send: [{type: patrol, units: 1}, {type: police_post, units: 1},
     {type: command_centre}], acknowledge_within: 60}
alarms:
  devices:
    - {id: school-12, name: 第十二中学一键报警, kind: one_button, position: [45.7605, 126.648], severity: critical}
EOF
token=$("$bin" token create --db "$db" --role device --name "school-12 button" --force school-12 | tail -n 1)
"$bin" serve --config "$work/serve.yaml" 2>"$work/serve.log" & pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && break
  sleep 0.5
done
sleep 3  # the camera's first keyframes, for the snapshot
: > "$work/times.txt"
for i in $(seq 1 "$n"); do
  time=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
  curl -sS -o "$work/answer-$i.json" -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "{\"device\":\"school-12\",\"kind\":\"one_button\",\"time\":\"$time\"}" \
    "http://127.0.0.1:$port/api/alarms" >> "$work/times.txt"
  sleep 0.2
done
python3 - "$work/times.txt" "$db" "$n" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, sqlite3, statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
codes = [r[0] for r in rows]; seconds = sorted(float(r[1]) for r in rows)
db = sqlite3.connect(sys.argv[2])
incidents = db.execute("SELECT i.id, s.snapshotPath FROM incident i JOIN sighting s ON s.id = i.sightingId WHERE i.type = 'alarm'").fetchall()
orders = dict(db.execute("SELECT incidentId, count(*) FROM dispatchOrder GROUP BY incidentId").fetchall())
result = {
    "alarms": int(sys.argv[3]), "answered_201": codes.count("201"), "incidents": len(incidents),
    "incidents_with_3_orders": sum(1 for i, _ in incidents if orders.get(i) == 3),
    "incidents_with_snapshot": sum(1 for _, s in incidents if s),
    "answer_ms_median": round(1000 * statistics.median(seconds), 1),
    "answer_ms_p90": round(1000 * seconds[int(0.9 * (len(seconds) - 1))], 1),
    "answer_ms_max": round(1000 * seconds[-1], 1), "load": sys.argv[4],
}
print(json.dumps(result))
json.dump(result, open("Benchmarks/results/alarms.json", "w"), indent=1)
PY
