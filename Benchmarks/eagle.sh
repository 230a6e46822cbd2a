#!/usr/bin/env bash
# Eagle-eye benchmark: faces + plates per 4K frame on full-resolution tiles against one pass over the frame scaled
# to the analysis width, on the same frames in one run, and the ×realtime of one 4K camera sampled at FPS (default 2,
# the issue #26 aim: real time on 2 cores, tiled and motion-gated) on this machine's cores. Also `analyze` end to end
# at FPS, tiled and not, for what each finds.
# Usage: Benchmarks/eagle.sh   [env: FPS (2), BIN (.build/release/sharpeyes)]
#        (after scripts/setup.sh and `swift build -c release --product sharpeyes`)
# Results: Benchmarks/results/eagle.json (bench) and Benchmarks/results/eagle-analyze.json (analyze summaries)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-.build/release/sharpeyes}
fps=${FPS:-2}
Fixtures/eagle/make-eagle-fixtures.sh >/dev/null
clip=Fixtures/eagle/generated/eagle-4k.mp4
mkdir -p Benchmarks/results Benchmarks/.work/eagle
"$bin" bench eagle "$clip" --frames 8 --fps "$fps" --json | tee /dev/stderr | tail -1 > Benchmarks/results/eagle.json
run() {
  local name=$1; shift
  rm -f Benchmarks/.work/eagle/$name.sqlite*
  "$bin" analyze "$clip" --db Benchmarks/.work/eagle/$name.sqlite --kind eagle_eye --faces --plates --keep-unknown-faces \
    --fps "$fps" --json --quiet "$@" 2>/dev/null | tail -1
}
{
  printf '{"tiled": %s,\n' "$(run tiled)"
  printf ' "whole_frame": %s}\n' "$(run whole --tiling off)"
} > Benchmarks/results/eagle-analyze.json
python3 - <<'PY'
import json
r = json.load(open("Benchmarks/results/eagle-analyze.json"))
for name, s in r.items():
    print(f"{name}: faces detected {s['faces_detected']}, plates detected {s['plates_detected']}, "
          f"sightings {s['sightings_by_kind']}, {s['wall_seconds']:.1f} s for {s['media_seconds']:.1f} s of 4K media")
PY
