#!/usr/bin/env bash
# The tests, as CI runs them (after scripts/setup.sh): the main suites first, so a quick failure shows first; then
# the slow ones (soak, fuzz, restart cycles: Tests/SlowTests); then ThreadSanitizer over the library suites
# (Benchmarks/tsan.sh: its own build in .build-tsan, reports judged against tsan-suppressions.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
# The eagle-eye and drone fixtures (several MB, not committed) are made here, before the tests: made on first use
# instead, the first tests to need them waited a minute or two on the concurrency pool's threads on a fresh clone,
# and every other test waited behind them.
[ -e Fixtures/eagle/generated/drone.ts ] || SHARPEYES=.build/debug/sharpeyes Fixtures/eagle/make-eagle-fixtures.sh
# At most 16 tests at once: Swift Testing otherwise starts all ~660 together, and on two cores with a build beside
# them a test's server waited over a minute behind the herd for a thread (trivial tests reported 106 s).
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-16}
swift test --skip-build --skip SlowTests
swift test --skip-build --filter SlowTests
Benchmarks/tsan.sh
