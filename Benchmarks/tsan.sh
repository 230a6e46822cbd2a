#!/usr/bin/env bash
# ThreadSanitizer over the library suites: builds the tests with -sanitize=thread into .build-tsan (kept apart from
# the normal build) and runs the library suites (the CLI and slow ones start the plain `sharpeyes` binary as a
# child, so TSan would only watch the test process waiting). Known reports are suppressed by tsan-suppressions.txt,
# each entry with its reason. Writes the report to Benchmarks/results/tsan-<date>.txt (the full log beside it,
# …txt.log, not committed) and exits non-zero when a test fails or TSan reports a race the file does not suppress.
# CI runs it after the main suites (.ci/run). A cold build took 17 minutes with -j 1 on a 2-core machine shared with
# five other builds (about 11 minutes of CPU); the default suites ran in about a minute there. The other library
# suites (Dispatching, Recognition, Server, GB28181) took 13 minutes under TSan there and their timing-bound tests
# (delivery and escalation timings, HTTP deadlines, the simulated camera's) failed under its slowdown: run them by name.
#   Benchmarks/tsan.sh                 # the library suites
#   Benchmarks/tsan.sh PipelineTests   # one filter
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-^(MediaTests|IncidentsTests|PipelineTests|ServiceTests)\.}"
mkdir -p Benchmarks/results
report="Benchmarks/results/tsan-$(date -u +%Y-%m-%d).txt"

echo "tsan: building the tests with -sanitize=thread (.build-tsan)"
built=$SECONDS
swift build --build-tests --sanitize=thread --scratch-path .build-tsan 2>&1 | tail -3
built=$((SECONDS - built))

echo "tsan: running $filter"
ran=$SECONDS
set +e
TSAN_OPTIONS="suppressions=$PWD/tsan-suppressions.txt print_suppressions=1 halt_on_error=0 second_deadlock_stack=1 history_size=4" \
  swift test --skip-build --sanitize=thread --scratch-path .build-tsan --filter "$filter" >"$report.log" 2>&1
status=$?
set -e
ran=$((SECONDS - ran))
races=$(grep -c "WARNING: ThreadSanitizer: data race" "$report.log" || true)
access=$(grep -c "WARNING: ThreadSanitizer: Swift access race" "$report.log" || true)
{
  echo "ThreadSanitizer run, $(date -u +%Y-%m-%dT%H:%MZ), filter: $filter"
  echo "build: ${built} s, tests: ${ran} s"
  echo "test exit status: $status"
  echo "data race reports: $races"
  echo "Swift access race reports: $access"
  # Each unsuppressed report's first frame, to add to the suppressions (with its reason) or to fix.
  grep -A3 "WARNING: ThreadSanitizer:" "$report.log" | grep -E "^ +#0 " \
    | sed -E 's/^ +#0 [^ ]+ ([^ ]+).*/\1/' | sort | uniq -c || true
  # The suppressions that matched (TSan prints them at exit).
  grep -A20 "Suppressions used:" "$report.log" | grep -E "^ *[0-9]+ race:" | sort | uniq -c || true
  grep -E "^(✔|✘) Test .*(failed|recorded an issue)" "$report.log" | head -10 || true
  grep -E "Test run with .* (passed|failed)" "$report.log" | tail -1 || true
} >"$report"
cat "$report"
[ "$status" -eq 0 ] && [ "$races" -eq 0 ] && [ "$access" -eq 0 ]
