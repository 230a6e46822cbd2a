#!/usr/bin/env bash
# Face benchmark: the Python face_recognition loop against SharpEyes on short_hamilton_clip.mp4, same machine, one run.
# Both sides are timed end to end as processes: imports / model load, enrolling the two probe photos, the clip.
# SharpEyes keeps its watchlist in the database, so `analyze_seconds` (model load included) is what each later
# run costs; `wall_seconds` adds the one-off enrolment.
# Usage: Benchmarks/faces.sh   (after scripts/setup.sh; the first run builds the Python venv, ~25 min)
# Results: Benchmarks/results/faces.json
set -euo pipefail
cd "$(dirname "$0")/.."
Benchmarks/face-venv.sh
clip=Fixtures/short_hamilton_clip.mp4
lmm=Fixtures/faces/probes/lin-manuel-miranda.png
alex=Fixtures/faces/probes/alex-lacamoire.png
bin=.build/release/sharpeyes
work=Benchmarks/.work/faces
now() { date +%s.%N; }

# SharpEyes: enrol both people, analyse; $1 names the run, the rest are analyze options.
sharpeyes_run() {
  local name=$1; shift
  rm -rf "$work/$name" && mkdir -p "$work/$name"
  local db="$work/$name/db.sqlite" start end
  mkdir -p "$work/$name/gallery/Lin-Manuel Miranda" "$work/$name/gallery/Alex Lacamoire"
  ln -s "$PWD/$lmm" "$work/$name/gallery/Lin-Manuel Miranda/"
  ln -s "$PWD/$alex" "$work/$name/gallery/Alex Lacamoire/"
  start=$(now)
  "$bin" watchlist import-faces "$work/$name/gallery" --list wanted --db "$db" >/dev/null
  middle=$(now)
  "$bin" analyze "$clip" --db "$db" --json --quiet "$@" 2>/dev/null | tail -1 > "$work/$name/summary.json"
  end=$(now)
  python3 - "$work/$name/summary.json" "$start" "$end" "$name" "$middle" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(json.dumps({"run": sys.argv[4], "wall_seconds": float(sys.argv[3]) - float(sys.argv[2]),
                  "analyze_seconds": float(sys.argv[3]) - float(sys.argv[5]),
                  "frames_analyzed": s["frames_analyzed"], "faces_detected": s["faces_detected"],
                  "face_incidents": s["face_incidents"], "identities": sorted(s["hits"]),
                  "matching_frames": {k: sum(h["matching_frames"] for h in v) for k, v in s["hits"].items()}}))
PY
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python_result=$(Benchmarks/.work/venv/bin/python Benchmarks/face_recognition_loop.py "$clip" \
  "Lin-Manuel Miranda=$lmm" "Alex Lacamoire=$alex")
defaults=$(sharpeyes_run defaults)
every_frame=$(sharpeyes_run every-frame --every 1 --face-upsample 1)
python3 - "$python_result" "$defaults" "$every_frame" <<'PY' | tee Benchmarks/results/faces.json
import json, sys
py, de, ev = (json.loads(a) for a in sys.argv[1:])
print(json.dumps({
    "python_face_recognition": py, "sharpeyes_defaults": de, "sharpeyes_every_frame_upsample1": ev,
    "speedup_defaults": py["wall_seconds"] / de["wall_seconds"],
    "speedup_every_frame": py["wall_seconds"] / ev["wall_seconds"],
    "speedup_defaults_analyze_only": py["wall_seconds"] / de["analyze_seconds"],
}, indent=2))
PY
