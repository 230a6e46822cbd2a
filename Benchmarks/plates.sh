#!/usr/bin/env bash
# Plate benchmark: `sharpeyes bench plates` against the Python anchor (RapidOCR 1.4.4, same PP-OCRv4 models, its
# default whole-image pipeline) on the same labelled photos, both pinned to one core, in one run; then both on the
# photos fitted into 1280x720 frames (the per-frame budget of a camera); then ours on the small-plate set that
# Benchmarks/make-plate-frames.py builds from the same photos (1920x1080 frames, plates 16-20 px high, some turned,
# blurred or darkened; built once into Benchmarks/.work/plate-frames).
# Usage: Benchmarks/plates.sh [LABELS.tsv]   (default ../shared/data/plates/labels.tsv; after scripts/setup.sh)
# Results: Benchmarks/results/plates.json
set -euo pipefail
cd "$(dirname "$0")/.."
labels=${1:-../shared/data/plates/labels.tsv}
venv=Benchmarks/.work/plates-venv
if ! "$venv/bin/python" -c "import rapidocr_onnxruntime" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q rapidocr-onnxruntime==1.4.4
fi
mkdir -p Benchmarks/results
run() { taskset -c 0 "$@" | tee /dev/stderr | tail -1; }
echo "== load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
ours=$(run .build/release/sharpeyes bench plates "$labels" --json)
anchor=$(run "$venv/bin/python" Benchmarks/rapidocr_plates.py "$labels")
ours720=$(run .build/release/sharpeyes bench plates "$labels" --frame 1280x720 --json)
anchor720=$(run "$venv/bin/python" Benchmarks/rapidocr_plates.py "$labels" --frame 1280x720)
small=Benchmarks/.work/plate-frames
[ -f "$small/labels.tsv" ] || python3 Benchmarks/make-plate-frames.py --data "$(dirname "$labels")" --out "$small"
ours1080=$(run .build/release/sharpeyes bench plates "$small/labels.tsv" --json)
python3 - "$ours" "$anchor" "$ours720" "$anchor720" "$ours1080" > Benchmarks/results/plates.json <<'PY'
import json, sys
ours, anchor, ours720, anchor720, ours1080 = (json.loads(a) for a in sys.argv[1:])
print(json.dumps({
    "photos": {"sharpeyes": ours, "rapidocr": anchor,
               "speedup_median": anchor["median_ms"] / ours["median_ms"]},
    "frames_1280x720": {"sharpeyes": ours720, "rapidocr": anchor720,
                        "speedup_median": anchor720["median_ms"] / ours720["median_ms"]},
    "small_plates_1920x1080": {"sharpeyes": ours1080},
}, indent=2, sort_keys=True, ensure_ascii=False))
PY
cat Benchmarks/results/plates.json
