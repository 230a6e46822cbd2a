#!/usr/bin/env bash
# Memory of search by photo: `sharpeyes serve` (no cameras) answers N `POST /api/search/face` (default 200), each
# with one of five one-face probe photos in turn; prints the resident memory (VmRSS) after the first search and after
# the last. Each search decodes the photo and runs dlib's detector and embedding on a thread of its own; memory that
# is freed but kept by glibc shows as RSS that only grows.
# Usage: Benchmarks/search-memory.sh [N]   (after scripts/setup.sh; BIN=.build/debug/sharpeyes to use a debug build)
# Result: Benchmarks/results/search-memory.json. A refused search (no token, a 4xx or 5xx) stops the run.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
bin=${BIN:-.build/release/sharpeyes}
work=Benchmarks/.work/search-memory${TAG:+-$TAG} && rm -rf "$work" && mkdir -p "$work" Benchmarks/results
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
db="$PWD/$work/sharpeyes.sqlite"
token=$("$bin" token create --db "$db" --role investigator --name bench | tail -n 1)
printf 'storage: {database: %s}\nworkers: 2\nhttp: {listen: 127.0.0.1:%s}\ncameras: []\n' "$db" "$port" >"$work/sharpeyes.yaml"
"$bin" serve --config "$work/sharpeyes.yaml" 2>"$work/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; do
  kill -0 $pid 2>/dev/null || { echo "search-memory.sh: serve exited:" >&2; tail -n 5 "$work/serve.log" >&2; exit 1; }
  sleep 0.2
done
photos=(obama3.jpg biden.jpg obama.jpg lin-manuel-miranda.png alex-lacamoire.png)
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status"; }
search() {
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" -F "photo=@Fixtures/faces/probes/${photos[$1 % 5]}" \
    "http://127.0.0.1:$port/api/search/face" || { echo "search-memory.sh: search $1 refused (see $work/serve.log)" >&2; exit 1; }
}
search 0
first=$(rss)
started=$(date +%s.%N)
for ((i = 1; i < n; i++)); do search "$i"; done
seconds=$(echo "$(date +%s.%N) - $started" | bc)
last=$(rss)
kill -TERM $pid; wait $pid || true
printf '{"searches": %d, "rss_mb_after_first": %d, "rss_mb_after_last": %d, "seconds": %.1f}\n' \
  "$n" "$first" "$last" "$seconds" | tee "Benchmarks/results/search-memory${TAG:+-$TAG}.json"
