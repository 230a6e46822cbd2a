#!/usr/bin/env bash
# The tests, as CI runs them (after scripts/setup.sh): the main suites first, so a quick failure shows first; then
# the slow ones (soak, fuzz, restart cycles: Tests/SlowTests); then ThreadSanitizer over the library suites
# (Benchmarks/tsan.sh: its own build in .build-tsan, reports judged against tsan-suppressions.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build --skip SlowTests
swift test --skip-build --filter SlowTests
Benchmarks/tsan.sh
