#!/usr/bin/env bash
# A face-checkpoint queue: person after person at the same place in the frame, as a camera over a gate sees it.
# Each photo is scaled to fill a SIZE x SIZE square (centre crop) at the same spot of a WIDTHxHEIGHT grey frame and
# shown for SECONDS_EACH; the cut from one person to the next is immediate. With SWAY the square drifts SWAY pixels
# left and right (a 2 s period), as someone standing in a queue does; 0 keeps it still. H.264, 25 fps.
# Usage: Benchmarks/make-queue-clip.sh OUT.mp4 PHOTO [PHOTO ...]
#   env: WIDTH (1280) HEIGHT (720) SIZE (720) SECONDS_EACH (4) X (centred) SWAY (0)
set -euo pipefail
out=$1; shift
width=${WIDTH:-1280} height=${HEIGHT:-720} size=${SIZE:-720} seconds=${SECONDS_EACH:-4} sway=${SWAY:-0}
x=${X:-$(( (width - size) / 2 ))} y=$(( (height - size) / 2 ))
inputs=() filters="" labels="" i=0
for photo in "$@"; do
  inputs+=(-loop 1 -framerate 25 -t "$seconds" -i "$photo")
  filters+="color=c=0x707070:s=${width}x${height}:r=25:d=${seconds}[bg$i];"
  filters+="[$i:v]scale=${size}:${size}:force_original_aspect_ratio=increase,crop=${size}:${size},setsar=1[p$i];"
  filters+="[bg$i][p$i]overlay=x='${x}+${sway}*sin(PI*t)':y=${y}:shortest=1,format=yuv420p[v$i];"
  labels+="[v$i]"
  i=$((i + 1))
done
ffmpeg -hide_banner -loglevel error -y "${inputs[@]}" \
  -filter_complex "${filters}${labels}concat=n=$#:v=1:a=0[out]" -map "[out]" \
  -c:v libx264 -preset veryfast -crf 23 -r 25 -g 50 -movflags +faststart "$out"
