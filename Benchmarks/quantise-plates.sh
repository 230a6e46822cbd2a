#!/usr/bin/env bash
# Would int8 plate models pay? Quantises the installed PP-OCRv4 detector and recogniser with ONNX Runtime's own
# `quantize_dynamic` (PyPI onnxruntime 1.31.1, the runtime the service loads; after `onnxruntime.quantization.
# preprocess`, without which the weights are not initializers and quantisation refuses), then times each model
# against its int8 version, interleaved, on one core with one thread, at the input sizes the plate stage uses
# (the whole-frame detector at 640x640 and 736x1280, a candidate window at 128x352, the recogniser at 48x160 and 48x320).
# Also the recogniser with only its MatMuls quantised (ConvInteger is what costs).
# Usage: Benchmarks/quantise-plates.sh   (after scripts/setup.sh)   Result: Benchmarks/results/quantise-plates.txt
set -euo pipefail
cd "$(dirname "$0")/.."
work=Benchmarks/.work/quantise && mkdir -p "$work" Benchmarks/results
venv=$work/venv
"$venv/bin/python" -c "import onnxruntime.quantization" 2>/dev/null || {
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q onnxruntime==1.31.1 onnx
}
for model in det rec; do
  source=Models/ch_PP-OCRv4_${model}_infer.onnx
  "$venv/bin/python" -m onnxruntime.quantization.preprocess --skip_symbolic_shape True --input "$source" \
    --output "$work/$model-pre.onnx"
  "$venv/bin/python" - "$work/$model-pre.onnx" "$work/$model-int8.onnx" "$work/$model-matmul-int8.onnx" <<'PY'
import sys
from onnxruntime.quantization import QuantType, quantize_dynamic
quantize_dynamic(sys.argv[1], sys.argv[2], weight_type=QuantType.QInt8)
quantize_dynamic(sys.argv[1], sys.argv[3], weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"])
PY
done
echo "== load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee Benchmarks/results/quantise-plates.txt
taskset -c 0 "$venv/bin/python" - "$work" <<'PY' | tee -a Benchmarks/results/quantise-plates.txt
import sys, time
import numpy as np, onnxruntime as ort
work = sys.argv[1]
def session(path):
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
cases = [("det", "int8", [(1, 3, 640, 640), (1, 3, 128, 352), (1, 3, 736, 1280)]),
         ("rec", "int8", [(1, 3, 48, 160), (1, 3, 48, 320)]),
         ("rec", "matmul-int8", [(1, 3, 48, 160), (1, 3, 48, 320)])]
rng = np.random.default_rng(0)
for model, variant, shapes in cases:
    fp32, int8 = session(f"Models/ch_PP-OCRv4_{model}_infer.onnx"), session(f"{work}/{model}-{variant}.onnx")
    for shape in shapes:
        x = rng.standard_normal(shape).astype(np.float32)
        times = {fp32: [], int8: []}
        for s in times: s.run(None, {s.get_inputs()[0].name: x})
        for _ in range(3 if shape[2] * shape[3] > 300_000 else 15):
            for s in times:
                start = time.perf_counter(); s.run(None, {s.get_inputs()[0].name: x}); times[s].append(time.perf_counter() - start)
        a, b = np.median(times[fp32]) * 1e3, np.median(times[int8]) * 1e3
        print(f"{model} {variant:12s} {'x'.join(map(str, shape[2:])):9s} fp32 {a:6.1f} ms  int8 {b:6.1f} ms  int8/fp32 {b / a:.2f}", flush=True)
PY
