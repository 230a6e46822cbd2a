#!/usr/bin/env bash
# Memory over a long run: one plate parked in view the whole time (a street photo held still, with sensor grain,
# 1280x720 25 fps, looped), `sharpeyes serve` reading it as fast as it can with plates on for every frame, until
# MEDIA seconds of media (default 1800 = 30 minutes) are analysed. Prints the resident memory (VmRSS) against media
# time and compares the peak after the first 2 minutes of media with the level at 2 minutes.
# Usage: Benchmarks/memory.sh [MEDIA_SECONDS]   (after scripts/setup.sh). Result: Benchmarks/results/memory.json
set -euo pipefail
cd "$(dirname "$0")/.."
media=${1:-1800}
work=Benchmarks/.work/memory && rm -rf "$work" && mkdir -p "$work" Benchmarks/results
clip=Benchmarks/.work/parked-plate-720p.mp4
[ -f "$clip" ] || ffmpeg -hide_banner -loglevel error -y -loop 1 -i Fixtures/plates/8e237b31c5.jpg -t 60 \
  -vf "scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2,noise=alls=6:allf=t,format=yuv420p" \
  -r 25 -c:v libx264 -preset veryfast -g 50 "$clip"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
db="$work/sharpeyes.sqlite"
.build/release/sharpeyes watchlist add-plate 川A095Q5 --reason "benchmark" --db "$db" >/dev/null
token=$(.build/release/sharpeyes token create --db "$db" --role admin --name bench | tail -n 1)
cat > "$work/sharpeyes.yaml" <<YAML
storage: {database: $PWD/$db}
workers: 2
http: {listen: 127.0.0.1:$port}
cameras:
  - {id: parked, kind: file, url: $PWD/$clip, loop: true, sampling: {fps: 5}, stages: [plates], motion_gate: false}
YAML
.build/release/sharpeyes serve --config "$work/sharpeyes.yaml" 2>"$work/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
echo "media_s rss_mb"
samples=()
while kill -0 $pid 2>/dev/null; do
  sleep 5
  # Before serve answers, 0; a refused request (4xx, 5xx) stops the run: it must not read as "no frames yet".
  status=$(curl -sS -o "$work/cameras.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port/api/cameras" 2>/dev/null || true)
  case "$status" in
    200) frames=$(python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["frames_decoded"])' <"$work/cameras.json") ;;
    000) frames=0 ;;
    *) echo "memory.sh: GET /api/cameras answered $status (see $work/serve.log)" >&2; exit 1 ;;
  esac
  rss=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status)
  seconds=$((frames / 25))
  echo "$seconds $rss"
  samples+=("$seconds:$rss")
  [ "$seconds" -ge "$media" ] && break
done
kill -TERM $pid; wait $pid || true
printf '%s\n' "${samples[@]}" | python3 -c '
import json, sys
rows = [tuple(map(int, line.split(":"))) for line in sys.stdin if line.strip()]
at2 = next(rss for s, rss in rows if s >= 120)
after = [rss for s, rss in rows if s >= 120]
result = {"media_seconds": rows[-1][0], "rss_mb_at_120s": at2, "rss_mb_peak_after_120s": max(after),
          "rss_mb_last": rows[-1][1], "growth_percent": round(100 * (max(after) - at2) / at2, 1)}
print(json.dumps(result))
' | tee Benchmarks/results/memory.json
