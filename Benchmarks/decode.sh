#!/usr/bin/env bash
# Decode benchmark: in-process libavcodec against `ffmpeg -f null` (same file, same threads), and keyframe-only
# against full decode, on a 1080p25 H.264 clip with a 50-frame GOP (60 s, made here with ffmpeg's testsrc2).
# Usage: Benchmarks/decode.sh   (after scripts/setup.sh). Results: Benchmarks/results/decode-threads-N.json
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p Benchmarks/.work Benchmarks/results
clip=Benchmarks/.work/synth_1080p25_gop50_60s.mp4
[ -f "$clip" ] || ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc2=size=1920x1080:rate=25:duration=60 \
  -c:v libx264 -preset veryfast -g 50 -keyint_min 50 -sc_threshold 0 -pix_fmt yuv420p "$clip"
for threads in 1 2; do
  echo "== threads $threads (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  .build/release/sharpeyes bench decode "$clip" --threads "$threads" --repeats 5 --json | tee /dev/stderr | tail -1 \
    > "Benchmarks/results/decode-threads-$threads.json"
done 2>&1
