#!/usr/bin/env bash
# CPU of one camera's analysis, before against after: live.sh's two 40 s 720p clips (street: plates pass for 10 s,
# then 30 s of a still street; busy: the whole picture moves all the time) analysed as a camera is — 2 sampled frames
# a second, faces and plates, a listed face and plate — on one worker and one decoder thread, so the CPU seconds are
# one camera's cost. Each binary runs ROUNDS times (default 2), interleaved, on a fresh database.
# Usage: BIN=after-binary BEFORE=before-binary Benchmarks/capacity.sh   (BEFORE optional)
set -euo pipefail
cd "$(dirname "$0")/.."
work=Benchmarks/.work/capacity && mkdir -p "$work"
clips=()
for kind in street busy; do
  CLIP=$kind source Benchmarks/streams.sh
  trap - EXIT
  clips+=("$clip")
done
for clip in "${clips[@]}"; do
  for ((round = 1; round <= ${ROUNDS:-2}; round++)); do
    for bin in ${BEFORE:-} ${BIN:-.build/release/sharpeyes}; do
      db="$work/run.sqlite"; rm -f "$db"*
      list_subjects "$bin" "$db"
      /usr/bin/time -f "%U %S" -o "$work/time" "$bin" analyze "$clip" --db "$db" --fps 2 --workers 1 --threads 1 \
        --json --quiet 2>/dev/null | tail -1 > "$work/summary.json"
      python3 - "$clip" "$bin" "$work/summary.json" "$work/time" <<'PY'
import json, sys
clip, binary, summary, times = sys.argv[1:]
s = json.load(open(summary)); user, system = map(float, open(times).read().split()[-2:])
print(f"{clip.split('/')[-1]:28s} {binary:36s} cpu {user + system:6.2f} s  incidents: face {s['face_incidents']},"
      f" plate {s['plate_incidents']}  sightings {s['sightings_by_kind']}")
PY
    done
  done
done
