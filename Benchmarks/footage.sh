#!/usr/bin/env bash
# 1080p footage benchmark (#12): a recorded 1920x1080 25 fps camera file built from the development data, analysed at
# the defaults (faces and plates on, one worker per core), against FFmpeg decoding the same file (`-f null`), in one
# run. Optionally a second binary (BEFORE=path) is timed on the same file in the same run, for before/after ratios.
#
# The footage (about 3 minutes, built once into Benchmarks/.work/footage/):
#   - a face queue, near: six people after one another in a 1000 px square (Benchmarks/make-queue-clip.sh), twice;
#   - a face queue, far: the same people in a 120 px square swaying 40 px (faces of 40-80 px), twice;
#   - plates, near: labelled photos of ../shared/data/plates fitted to the frame, slowly zooming, 2 s each;
#   - plates, far: the same photos scaled so the plate is 18 px high, drifting in a grey frame, 2 s each.
# Watchlist: Obama, Biden, Rose Leslie, Alex Lacamoire (from other photos than those shown); hotlist: every plate shown.
#
# Usage: Benchmarks/footage.sh   [env: BIN (.build/release/sharpeyes) BEFORE (a second binary) PHOTOS (24)
#                                      OUT (Benchmarks/results/footage.json)]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-.build/release/sharpeyes}
work=Benchmarks/.work/footage
plates=${PLATES:-../shared/data/plates}
count=${PHOTOS:-24}
footage=$work/footage-1080p.mp4
mkdir -p "$work" Benchmarks/results
encode=(-c:v libx264 -preset veryfast -crf 23 -r 25 -g 50 -pix_fmt yuv420p)
faces=Fixtures/faces
queue1=(probes/obama2.jpg gallery/kit_harington/john2.jpeg gallery/biden/biden2.jpg probes/alex-lacamoire.png
        probes/lin-manuel-miranda.png gallery/rose_leslie/img2.jpg)
queue2=(gallery/rose_leslie/img2.jpg probes/knn_test/alex_lacamoire1.jpg probes/knn_test/johnsnow_test1.jpg
        probes/knn_test/obama1.jpg gallery/biden/biden2.jpg probes/lin-manuel-miranda.png)

if [ ! -s "$footage" ]; then
  segments=()
  n=0
  for order in queue1 queue2; do
    declare -n people=$order
    for scene in "SIZE=1000" "SIZE=120 X=1200 SWAY=40"; do
      n=$((n + 1))
      env WIDTH=1920 HEIGHT=1080 $scene Benchmarks/make-queue-clip.sh "$work/part$n.mp4" "${people[@]/#/$faces/}"
      segments+=("$work/part$n.mp4")
    done
  done
  # Plates: the first $count labelled photos, near (fitted, zooming) then far (plate 18 px high, drifting).
  tail -n +2 "$plates/labels.tsv" | head -n "$count" > "$work/labels.tsv"
  while IFS=$'\t' read -r file plate colour cx cy w h rotation; do
    n=$((n + 1))
    ffmpeg -nostdin -hide_banner -loglevel error -y -i "$plates/$file" -filter_complex \
      "[0:v]scale=1920:1080:force_original_aspect_ratio=decrease,pad=1920:1080:(ow-iw)/2:(oh-ih)/2:color=0x303030,setsar=1,zoompan=z='1+0.0016*on':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=50:s=1920x1080:fps=25,noise=alls=6:allf=t" \
      "${encode[@]}" "$work/part$n.mp4"
    segments+=("$work/part$n.mp4")
  done < "$work/labels.tsv"
  while IFS=$'\t' read -r file plate colour cx cy w h rotation; do
    n=$((n + 1))
    scale=$(python3 -c "print(max(0.05, 18 / $h))")
    ffmpeg -nostdin -hide_banner -loglevel error -y -loop 1 -framerate 25 -t 2 -i "$plates/$file" -filter_complex \
      "color=c=0x505050:s=1920x1080:r=25:d=2[bg];[0:v]scale=iw*$scale:ih*$scale,setsar=1[p];[bg][p]overlay=x='700+30*t':y=600:shortest=1,noise=alls=6:allf=t" \
      "${encode[@]}" "$work/part$n.mp4"
    segments+=("$work/part$n.mp4")
  done < "$work/labels.tsv"
  printf "file '%s'\n" "${segments[@]/#$work\//}" > "$work/parts.txt"
  ffmpeg -hide_banner -loglevel error -y -f concat -safe 0 -i "$work/parts.txt" -c copy -movflags +faststart "$footage"
fi

# One analysis of the footage with a fresh database; prints the summary's figures as JSON.
analyse() {
  local binary=$1 name=$2 db=$work/$2.sqlite start end cpu
  rm -f "$db" "$db-wal" "$db-shm"
  "$binary" watchlist add-face --db "$db" --name Obama --list wanted "$faces/gallery/obama/obama.jpg" >/dev/null
  "$binary" watchlist add-face --db "$db" --name Biden --list wanted "$faces/gallery/biden/biden.jpg" >/dev/null
  "$binary" watchlist add-face --db "$db" --name "Rose Leslie" --list wanted "$faces/gallery/rose_leslie/img1.jpg" >/dev/null
  "$binary" watchlist add-face --db "$db" --name "Alex Lacamoire" --list wanted "$faces/gallery/alex_lacamoire/img1.jpg" >/dev/null
  cut -f2 "$work/labels.tsv" | sort -u | while read -r plate; do
    "$binary" watchlist add-plate "$plate" --reason benchmark --db "$db" </dev/null >/dev/null
  done
  start=$(date +%s.%N)
  # CPU seconds (user + system) as well as wall: on a shared machine the CPU a run takes varies less than its wall time.
  cpu=$( { TIMEFORMAT='%U %S'; time "$binary" analyze "$footage" --db "$db" --snapshots "$work/$name-snapshots" --json \
    --quiet 2>/dev/null | tail -1 > "$work/$name.json"; } 2>&1 )
  end=$(date +%s.%N)
  python3 - "$work/$name.json" "$start" "$end" "$name" "$cpu" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
cpu = sum(float(t) for t in sys.argv[5].split())
print(json.dumps({"run": sys.argv[4], "wall_seconds": round(wall, 1), "cpu_seconds": round(cpu, 1), "media_seconds": s["media_seconds"],
                  "realtime": round(s["media_seconds"] / wall, 2), "frames_analyzed": s["frames_analyzed"],
                  "face_incidents": s["face_incidents"], "plate_incidents": s["plate_incidents"],
                  "sightings_by_kind": s["sightings_by_kind"], "hits": sorted(s["hits"])}, ensure_ascii=False))
PY
}

echo "== load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
start=$(date +%s.%N)
ffmpeg -hide_banner -loglevel error -i "$footage" -f null -
ffmpeg_seconds=$(python3 -c "import sys; print(round($(date +%s.%N) - $start, 2))")
after=$(analyse "$bin" after)
before=null
if [ -n "${BEFORE:-}" ]; then before=$(analyse "$BEFORE" before); fi
python3 - "$ffmpeg_seconds" "$after" "$before" <<'PY' | tee "${OUT:-Benchmarks/results/footage.json}"
import json, sys
ffmpeg, after, before = float(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3])
result = {"ffmpeg_decode_seconds": ffmpeg, "sharpeyes": after,
          "sharpeyes_vs_ffmpeg_decode": round(after["wall_seconds"] / ffmpeg, 2)}
if before:
    result["before"] = before
    result["speedup_after_vs_before"] = round(before["wall_seconds"] / after["wall_seconds"], 2)
    result["cpu_after_vs_before"] = round(after["cpu_seconds"] / before["cpu_seconds"], 2)
print(json.dumps(result, indent=2, ensure_ascii=False))
PY
