#!/usr/bin/env bash
# ThreadSanitizer over the library suites: builds the tests with -sanitize=thread into .build-tsan (kept apart from
# the normal build) and runs every suite but the CLI ones (those start the plain `sharpeyes` binary as a child, so
# TSan would only watch the test process waiting). Writes the report to Benchmarks/results/tsan-<date>.txt and
# exits non-zero when TSan reports a race. A cold build takes 20-30 minutes on 2 cores. The full log stays beside the
# report (…txt.log, not committed).
#   Benchmarks/tsan.sh                 # all library suites
#   Benchmarks/tsan.sh PipelineTests   # one filter
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-MediaTests|IncidentsTests|PipelineTests|RecognitionTests|DispatchingTests|ServiceTests|ServerTests}"
mkdir -p Benchmarks/results
report="Benchmarks/results/tsan-$(date -u +%Y-%m-%d).txt"

echo "tsan: building the tests with -sanitize=thread (.build-tsan)"
swift build --build-tests --sanitize=thread --scratch-path .build-tsan 2>&1 | tail -3

echo "tsan: running $filter"
set +e
TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1 history_size=4" \
  swift test --skip-build --sanitize=thread --scratch-path .build-tsan --filter "$filter" >"$report.log" 2>&1
status=$?
set -e
races=$(grep -c "WARNING: ThreadSanitizer: data race" "$report.log" || true)
access=$(grep -c "WARNING: ThreadSanitizer: Swift access race" "$report.log" || true)
{
  echo "ThreadSanitizer run, $(date -u +%Y-%m-%dT%H:%MZ), filter: $filter"
  echo "test exit status: $status"
  echo "data race reports: $races"
  echo "Swift access race reports: $access"
  # Synchronization.Mutex on Linux is a futex that TSan does not see: accesses inside withLock are reported as
  # access races although the lock orders them. Each report's first frame, to check it is inside a withLock:
  grep -A3 "WARNING: ThreadSanitizer: Swift access race" "$report.log" | grep -E "^ +#0 " \
    | sed -E 's/^ +#0 [^ ]+ ([^ ]+).*/\1/' | sort | uniq -c
  grep -E "^(✔|✘) Test .*(failed|recorded an issue)" "$report.log" | head -10 || true
} >"$report"
cat "$report"
[ "$status" -eq 0 ] && [ "$races" -eq 0 ]
