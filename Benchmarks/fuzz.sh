#!/usr/bin/env bash
# Issue #14's fuzz run: 1,000 damaged or hostile files made from the fixtures with a seed (scripts/fuzz-corpus.py:
# 600 videos, 150 photos, 250 text inputs: dispatch and serve YAML, hotlist CSV, bench labels), each run through the
# sharpeyes command that reads it (analyze --json, watchlist add-face, dispatch drill, config check, watchlist
# import-plates, bench plates), two at a time, under 30 s of CPU and 3 GiB of address space (prlimit) and 120 s of
# wall-clock time.
# Prints the counts — crashes, hangs, exit 0, exit 1, others — max RSS and the files of every crash and hang.
# Usage: Benchmarks/fuzz.sh [SEED] [BINARY]   (default seed 14, .build/release/sharpeyes; after scripts/setup.sh)
# Result: Benchmarks/results/fuzz.json; the corpus stays in Benchmarks/.work/fuzz-SEED for the reproducers.
set -euo pipefail
cd "$(dirname "$0")/.."
seed=${1:-14}
binary=${2:-.build/release/sharpeyes}
[ -x "$binary" ] || binary=.build/debug/sharpeyes
corpus=Benchmarks/.work/fuzz-$seed
rm -rf "$corpus" && mkdir -p "$corpus" Benchmarks/results
python3 scripts/fuzz-corpus.py "$corpus" --seed "$seed" --videos 600 --photos 150 --texts 250
python3 Benchmarks/fuzz_run.py "$corpus" "$binary" --jobs 2 --cpu 30 --timeout 120 --memory $((3 << 30)) \
  --result Benchmarks/results/fuzz.json
