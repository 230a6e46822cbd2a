#!/usr/bin/env bash
# Installs everything SharpEyes needs on Debian 12, builds it, and analyses the bundled sample.
# Idempotent: a second run checks, finds everything in place, rebuilds incrementally and re-runs the sample.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  pkg-config curl python3-pip python3-venv debian-archive-keyring ffmpeg libavformat-dev libavcodec-dev libswscale-dev libavutil-dev libsqlite3-dev
  # faces: dlib, with OpenBLAS as the BLAS (the default reference BLAS makes an embedding 11x slower)
  libdlib-dev libopenblas-dev
  # plates: image work around the PP-OCR models (the models run in ONNX Runtime, scripts/install-plate-runtime.sh)
  libopencv-imgproc-dev
  # live-source tests: a real RTSP server (GStreamer) on loopback
  python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  # console check (scripts/check-console.py): a headless browser, its WebDriver, and a CJK font for plates and names
  chromium chromium-driver fonts-wqy-microhei
  # Benchmarks/api.sh: HTTP load (wrk) and picking plates from the seeded database (sqlite3)
  wrk sqlite3
  # PostgreSQL, the central store of several nodes: the PostgresTests start a private cluster of their own
  # (openssl makes the TLS test's certificate)
  postgresql-15 openssl
)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

scripts/install-models.sh
scripts/install-plate-runtime.sh
scripts/install-mtcnn-models.sh
scripts/install-test-tools.sh

echo "setup: building (release)"
swift build -c release --product sharpeyes

echo "setup: analysing the bundled sample (Lin-Manuel Miranda on a watchlist, the Hamilton clip)"
rm -rf .build/sample && mkdir -p .build/sample
.build/release/sharpeyes watchlist add-face --name "Lin-Manuel Miranda" --list sample \
  Fixtures/faces/probes/lin-manuel-miranda.png --db .build/sample/sharpeyes.sqlite
.build/release/sharpeyes analyze Fixtures/short_hamilton_clip.mp4 --db .build/sample/sharpeyes.sqlite --quiet

echo "setup: analysing the plate sample (川A095Q5 on the hotlist, five street photos as a 1280x720 clip)"
.build/release/sharpeyes watchlist add-plate 川A095Q5 --reason "sample: stolen" --db .build/sample/sharpeyes.sqlite
.build/release/sharpeyes analyze Fixtures/plates/slideshow.mp4 --db .build/sample/sharpeyes.sqlite --quiet
