#!/usr/bin/env bash
# Installs what the plate reader needs, checked against Models/SHA256SUMS:
#  - PaddleOCR's PP-OCRv4 Chinese detector and recogniser, from the PyPI package rapidocr-onnxruntime 1.4.4;
#  - ONNX Runtime's shared library, from the PyPI wheel onnxruntime 1.31.1 (Debian 12 has no package; the wheel is
#    manylinux_2_28 and runs here) — loaded with dlopen at run time;
#  - ONNX Runtime's C header, from Debian 13's libonnxruntime-dev (downloaded with a private apt list for the trixie
#    suite, nothing installed) into Dependencies/onnxruntime/include, where Package.swift looks for it.
# Quick when everything is in place.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
header="$root/Dependencies/onnxruntime/include/onnxruntime_c_api.h"
cd "$root/Models"

plate_files=(ch_PP-OCRv4_det_infer.onnx ch_PP-OCRv4_rec_infer.onnx libonnxruntime.so.1.31.1)
check() { grep -F -e "${plate_files[0]}" -e "${plate_files[1]}" -e "${plate_files[2]}" SHA256SUMS | sha256sum --quiet -c - >/dev/null 2>&1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! check; then
  echo "setup: installing PP-OCRv4 models (rapidocr-onnxruntime 1.4.4) and ONNX Runtime 1.31.1 from PyPI"
  python3 -m pip download --quiet --no-deps -d "$work" rapidocr-onnxruntime==1.4.4 onnxruntime==1.31.1 \
    --only-binary :all: --python-version 3.11 --platform manylinux_2_28_x86_64 --implementation cp
  python3 - "$work" <<'PY'
import glob, os, sys, zipfile
work = sys.argv[1]
wanted = {
    "rapidocr_onnxruntime/models/ch_PP-OCRv4_det_infer.onnx": "ch_PP-OCRv4_det_infer.onnx",
    "rapidocr_onnxruntime/models/ch_PP-OCRv4_rec_infer.onnx": "ch_PP-OCRv4_rec_infer.onnx",
    "onnxruntime/capi/libonnxruntime.so.1.31.1": "libonnxruntime.so.1.31.1",
}
for wheel in glob.glob(os.path.join(work, "*.whl")):
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if name in wanted:
                with archive.open(name) as source, open(wanted[name], "wb") as target:
                    target.write(source.read())
PY
  check || { echo "setup: plate model or runtime checksums do not match Models/SHA256SUMS" >&2; exit 1; }
fi

if [ ! -s "$header" ]; then
  echo "setup: fetching onnxruntime_c_api.h from Debian 13's libonnxruntime-dev (download only, nothing installed)"
  mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial"
  # The machine's own Debian mirror, with the trixie suite.
  mirror=$(grep -hE '^URIs:.*/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | awk '{print $2}' || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" > "$work/apt/sources.list"
  apt_options=(-o "Dir::Etc::SourceList=$work/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$work/apt/lists" -o "Dir::Cache=$work/apt/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
  apt-get "${apt_options[@]}" update -qq
  (cd "$work" && apt-get "${apt_options[@]}" download -qq libonnxruntime-dev)
  dpkg-deb -x "$work"/libonnxruntime-dev_*.deb "$work/deb"
  mkdir -p "$(dirname "$header")"
  cp "$work/deb/usr/include/onnxruntime/onnxruntime_c_api.h" "$header"
fi
