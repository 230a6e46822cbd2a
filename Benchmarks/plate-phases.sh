#!/usr/bin/env bash
# Does the listed plate alert whatever the sampling phase? The first 12 s of live.sh's street clip (the plate
# slideshow: 川A095Q5 in view for 2 s, so 4 sampled frames at 2 fps), started 0, 2, …, 22 frames later (re-encoded as
# the clip is: 2 Mbit/s, GOP 50, no B-frames), each analysed at 2 fps with plates only and the plate listed, on one
# worker (two share the whole-frame plate budget in whichever order they finish, so runs differ); counts the starts
# whose run raised the plate incident. A live camera samples at whatever phase its stream arrives in, so this is the
# "alerts on every camera" figure without the load and timing of a live run.
# Usage: Benchmarks/plate-phases.sh   [env: BIN (.build/release/sharpeyes) BEFORE (a second binary, same starts)]
set -euo pipefail
cd "$(dirname "$0")/.."
work=Benchmarks/.work/plate-phases && mkdir -p "$work"
source Benchmarks/streams.sh   # the clip and its encoding
trap - EXIT
for k in 0 2 4 6 8 10 12 14 16 18 20 22; do
  [ -s "$work/p$k.mp4" ] || ffmpeg -hide_banner -loglevel error -y -i "$clip" \
    -vf "trim=start_frame=$k,setpts=PTS-STARTPTS" -t 12 "${encode[@]}" "$work/p$k.mp4"
done
for bin in ${BIN:-.build/release/sharpeyes} ${BEFORE:-}; do
  alerts=0
  for k in 0 2 4 6 8 10 12 14 16 18 20 22; do
    db="$work/run.sqlite"; rm -f "$db"*
    "$bin" watchlist add-plate 川A095Q5 --reason bench --db "$db" >/dev/null
    n=$("$bin" analyze "$work/p$k.mp4" --db "$db" --fps 2 --workers 1 --no-faces --json --quiet 2>/dev/null | tail -1 |
        python3 -c "import json, sys; print(json.load(sys.stdin)['plate_incidents'])")
    alerts=$((alerts + n))
  done
  echo "$bin: the listed plate alerted from $alerts of 12 starts"
done
