#!/usr/bin/env bash
# Derives the small codec/container fixtures, the truncated and the corrupt file from short_hamilton_clip.mp4.
# The outputs are committed (each well under 1 MB); rerun this to regenerate them with Debian's ffmpeg 5.1.
set -euo pipefail
cd "$(dirname "$0")"
src=short_hamilton_clip.mp4
ff() { ffmpeg -hide_banner -loglevel error -y -i "$src" -t 3 -an -vf scale=320:180 "$@"; }
mkdir -p codecs
ff -c:v libx264 -preset veryfast -crf 30 codecs/h264.flv
ff -c:v libx264 -preset veryfast -crf 30 -f mpegts codecs/h264.ts
ff -c:v libx265 -preset ultrafast -crf 32 -x265-params log-level=error codecs/h265.mkv
ff -c:v mpeg4 -q:v 8 codecs/mpeg4.avi
ff -c:v mjpeg -q:v 12 -r 10 codecs/mjpeg.avi
ff -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -b:v 300k codecs/vp9.mkv
ff -c:v libx264 -preset veryfast -crf 30 -movflags +faststart codecs/h264.mp4

# Truncated: the first 45% of a faststart MP4 (index intact, media data cut off mid-stream).
ffmpeg -hide_banner -loglevel error -y -i "$src" -an -c:v copy -movflags +faststart /tmp/sharpeyes-faststart.mp4
size=$(stat -c %s /tmp/sharpeyes-faststart.mp4)
head -c $((size * 45 / 100)) /tmp/sharpeyes-faststart.mp4 > truncated.mp4
rm /tmp/sharpeyes-faststart.mp4

# Corrupt: the whole clip with 4 KiB of fixed garbage written over the media data at 30%, 55% and 80%.
cp "$src" corrupt.mp4
chmod u+w corrupt.mp4
size=$(stat -c %s corrupt.mp4)
for at in 30 55 80; do
  python3 -c "import sys; sys.stdout.buffer.write(bytes((i * 97 + 13) % 256 for i in range(4096)))" |
    dd of=corrupt.mp4 bs=1 seek=$((size * at / 100)) conv=notrunc status=none
done

# Not a video at all, named like one.
printf 'This is a text file named like a video.\n' > not-a-video.mp4

# Undecodable: a 2 s 160x90 faststart MP4 whose media data is all garbage (index intact): nothing decodes.
ffmpeg -hide_banner -loglevel error -y -i "$src" -t 2 -an -vf scale=160:90 -c:v libx264 -preset veryfast -crf 35 \
  -movflags +faststart /tmp/sharpeyes-small.mp4
python3 - /tmp/sharpeyes-small.mp4 undecodable.mp4 <<'PY'
import sys
data = bytearray(open(sys.argv[1], 'rb').read())
at = data.find(b'mdat')
end = at - 4 + int.from_bytes(data[at - 4:at], 'big')
for i in range(at + 4, end):
    data[i] = (i * 97 + 13) % 256
open(sys.argv[2], 'wb').write(data)
PY
rm /tmp/sharpeyes-small.mp4

# Huge declared size: 30 frames of 64x64 baseline H.264 whose SPS is rewritten to claim 16000x16000.
ffmpeg -hide_banner -loglevel error -y -i "$src" -frames:v 30 -an -vf scale=64:64 -c:v libx264 -profile:v baseline \
  -preset veryfast -crf 35 -f h264 /tmp/sharpeyes-small.h264
python3 huge-sps.py /tmp/sharpeyes-small.h264 huge-sps.h264 16000 16000
rm /tmp/sharpeyes-small.h264
