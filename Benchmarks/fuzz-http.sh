#!/usr/bin/env bash
# Issue #27's hostile HTTP run: REQUESTS raw requests from a seeded corpus (Benchmarks/fuzz_http.py: broken framing,
# chunked bodies, multipart, Expect, huge heads, NUL and control bytes, Unicode, traversal, slow and truncated
# requests, pipelining, and every route as every role) against a real `sharpeyes serve` on loopback (a small seeded
# database, a token of each role, 1 s head and body timeouts so an unfinished request ends within 2 s), JOBS at once.
# Passes when there are 0 answers 5xx, 0 hangs (no answer and no close 2 s after the last byte sent), the server's
# file descriptors (but the database pool's) back to their count before the run and its RSS within 64 MiB of it.
# Then SLOWLORIS connections (1000) each trickle a head a byte at a time: the server must close them all (its head
# timeout) within 10 s.
# Usage: Benchmarks/fuzz-http.sh [REQUESTS] [SEED] [BINARY]   (default 10000, seed 27, .build/release/sharpeyes)
# Result: Benchmarks/results/fuzz-http.json (the figures, and the first failures with their requests)
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-10000}
seed=${2:-27}
binary=${3:-.build/release/sharpeyes}
[ -x "$binary" ] || binary=.build/debug/sharpeyes
[ -x "$binary" ] || { echo "fuzz-http.sh: no sharpeyes binary: build it first (swift build)" >&2; exit 2; }
mkdir -p Benchmarks/results
exec python3 Benchmarks/fuzz_http.py --binary "$binary" --requests "$requests" --seed "$seed" --jobs "${JOBS:-8}" \
  --slowloris "${SLOWLORIS:-1000}" \
  --json Benchmarks/results/fuzz-http.json
