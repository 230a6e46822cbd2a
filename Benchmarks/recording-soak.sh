#!/usr/bin/env bash
# The issue's 10-minute run of continuous recording (#23): four looped file cameras read in real time under `serve`,
# 4-second segments; each camera's segments must follow each other with no gap over one GOP, and the free-space
# guard (min_free_space above any disk's) must delete the oldest, files and rows, log it and count it in /metrics.
# It is SlowTests/RecordingSoakTests run for 600 s instead of 55 s. Takes about 11 minutes.
#   Benchmarks/recording-soak.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -j 1 --build-tests >/dev/null
RECORDING_SOAK_SECONDS="${1:-600}" swift test --skip-build --filter RecordingSoakTests
