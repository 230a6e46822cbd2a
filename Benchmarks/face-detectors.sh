#!/usr/bin/env bash
# HOG against MTCNN (#26), in one run, HOG and MTCNN interleaved so a shared machine's load falls on both alike:
#   detector  the detector alone (thread CPU ms per image, median of ITERATIONS, and the faces found), through
#             CVision's C entry points compiled with the service's flags (Benchmarks/face_detectors.cpp): on every
#             development photo (Fixtures/faces), and on frames of a face queue clip: near (1280x720, faces of
#             250-500 px), far (1920x1080, faces of 40-80 px) and the far frames at the analysis size (1280x720);
#   queue     Benchmarks/face_queue.py (hits, misses, false alerts; CPU seconds) with --face-detector hog, then mtcnn;
#   footage   Benchmarks/footage.sh (same incidents; wall and CPU seconds): MTCNN as "after", HOG as "before".
# Usage: Benchmarks/face-detectors.sh [detector] [queue] [footage]   (all three when none is named)
#   env: BIN (.build/release/sharpeyes) ITERATIONS (5) DETECTORS (the queue runs' order: "hog mtcnn")
# Results: Benchmarks/results/face-detectors.json, face-queue-{hog,mtcnn}.json, footage-detectors.json
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-.build/release/sharpeyes}
work=Benchmarks/.work/face-detectors
iterations=${ITERATIONS:-5}
parts=${*:-detector queue footage}
mkdir -p "$work" Benchmarks/results
echo "== load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

if [[ " $parts " == *" detector "* ]]; then
  program=$work/face_detectors
  sources=(Benchmarks/face_detectors.cpp Sources/CVision/face_engine.cpp Sources/CVision/face_mtcnn.cpp
           Sources/CVision/plate_model.cpp)
  if [ ! -x "$program" ] || [ -n "$(find "${sources[@]}" Sources/CVision/include/cvision.h -newer "$program")" ]; then
    echo "building $program" >&2
    g++ -O3 -march=x86-64-v3 -DNDEBUG -std=c++17 -w -ISources/CVision/include -ISources/CVision \
      -IDependencies/onnxruntime/include -I/usr/include/opencv4 "${sources[@]}" -o "$program" \
      -ldlib -lblas -llapack -lopencv_imgproc -lopencv_core -ldl
  fi
  # One queue of six people (the footage's first), near and far; a frame from the middle of each person's 4 s.
  people=(probes/obama2.jpg gallery/kit_harington/john2.jpeg gallery/biden/biden2.jpg probes/alex-lacamoire.png
          probes/lin-manuel-miranda.png gallery/rose_leslie/img2.jpg)
  for scene in "near WIDTH=1280 HEIGHT=720 SIZE=720 SWAY=8" "far WIDTH=1920 HEIGHT=1080 SIZE=120 X=1200 SWAY=40"; do
    name=${scene%% *}
    [ -s "$work/$name.mp4" ] || env ${scene#* } Benchmarks/make-queue-clip.sh "$work/$name.mp4" "${people[@]/#/Fixtures/faces/}"
    mkdir -p "$work/frames-$name"
    ffmpeg -hide_banner -loglevel error -y -i "$work/$name.mp4" -vf "select='eq(mod(n\,100)\,50)'" -fps_mode vfr \
      "$work/frames-$name/%02d.png"
  done
  mkdir -p "$work/frames-far-1280"
  for frame in "$work"/frames-far/*.png; do
    ffmpeg -hide_banner -loglevel error -y -i "$frame" -vf scale=1280:720 "$work/frames-far-1280/$(basename "$frame")"
  done
  mapfile -t photos < <(find Fixtures/faces -name '*.jpg' -o -name '*.jpeg' -o -name '*.png' | sort)
  OPENBLAS_NUM_THREADS=1 "$program" Models "$iterations" "${photos[@]}" "$work"/frames-near/*.png "$work"/frames-far/*.png \
    "$work"/frames-far-1280/*.png > "$work/detector.jsonl"
  python3 - "$work/detector.jsonl" <<'PY' | tee Benchmarks/results/face-detectors.json
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
# As the service keeps them: MTCNN's faces scoring 0.95 or more (MTCNNDetector.minimumScore).
for r in rows:
    r["mtcnn_40"]["boxes"] = [b for b in r["mtcnn_40"]["boxes"] if b[4] >= 0.95]
    r["mtcnn_40"]["faces"] = len(r["mtcnn_40"]["boxes"])
def group(row):
    path = row["image"]
    if "frames-near" in path: return "queue near 1280x720"
    if "frames-far-1280" in path: return "queue far, analysis size 1280x720"
    if "frames-far" in path: return "queue far 1920x1080"
    return "development photos"
def overlap(a, b):
    x, y = max(a[0], b[0]), max(a[1], b[1])
    w, h = min(a[0] + a[2], b[0] + b[2]) - x, min(a[1] + a[3], b[1] + b[3]) - y
    inter = max(0, w) * max(0, h)
    return inter / (a[2] * a[3] + b[2] * b[3] - inter) if inter else 0.0
out = {"groups": {}, "images": []}
for name in dict.fromkeys(group(r) for r in rows):
    members = [r for r in rows if group(r) == name]
    g = {"images": len(members)}
    for d in ("hog_up0", "mtcnn_40"):
        g[d] = {"ms_median_of_medians": round(statistics.median(r[d]["ms_median"] for r in members), 1),
                "ms_total": round(sum(r[d]["ms_median"] for r in members), 1),
                "faces": sum(r[d]["faces"] for r in members),
                "images_with_a_face": sum(r[d]["faces"] > 0 for r in members)}
    g["mtcnn_over_hog_time"] = round(g["mtcnn_40"]["ms_total"] / g["hog_up0"]["ms_total"], 2)
    # HOG's faces that MTCNN also finds (a box of either overlapping the other's by a quarter or more).
    g["hog_faces_mtcnn_also_finds"] = sum(any(overlap(h, m) >= 0.25 for m in r["mtcnn_40"]["boxes"])
                                          for r in members for h in r["hog_up0"]["boxes"])
    g["mtcnn_faces_hog_also_finds"] = sum(any(overlap(m, h) >= 0.25 for h in r["hog_up0"]["boxes"])
                                          for r in members for m in r["mtcnn_40"]["boxes"])
    out["groups"][name] = g
for r in rows:
    out["images"].append({"image": r["image"], "size": f'{r["width"]}x{r["height"]}',
                          **{d: {"faces": r[d]["faces"], "ms": r[d]["ms_median"]} for d in ("hog_up0", "mtcnn_40")}})
print(json.dumps(out, indent=1))
PY
fi

if [[ " $parts " == *" queue "* ]]; then
  for detector in ${DETECTORS:-hog mtcnn}; do
    # CPU seconds of the whole run (enrolments and every analyze), as the children's user + system time.
    /usr/bin/time -f '%U %S' -o "$work/queue-$detector.time" Benchmarks/face_queue.py --bin "$bin" --label "$detector" \
      -- --face-detector "$detector" 2>"$work/queue-$detector.log" | tail -1 > "$work/queue-$detector.json"
    echo "queue $detector: $(cat "$work/queue-$detector.json") cpu_seconds $(awk '{print $1 + $2}' "$work/queue-$detector.time")"
  done
fi

if [[ " $parts " == *" footage "* ]]; then
  # footage.sh times BIN as "after" and BEFORE as "before" in one run: MTCNN after, HOG before.
  wrapper=$work/sharpeyes-mtcnn
  printf '#!/bin/sh\nif [ "$1" = analyze ]; then shift; exec "%s" analyze --face-detector mtcnn "$@"; fi\nexec "%s" "$@"\n' \
    "$PWD/$bin" "$PWD/$bin" > "$wrapper"
  chmod +x "$wrapper"
  BIN=$wrapper BEFORE=$bin OUT=Benchmarks/results/footage-detectors.json Benchmarks/footage.sh
fi
