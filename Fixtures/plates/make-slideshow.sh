#!/usr/bin/env bash
# Builds slideshow.mp4: the five photos of labels.tsv, 2 s each, as a 1280x720 25 fps H.264 camera clip — each
# photo fitted to the frame, slowly zoomed in (1.0 → 1.08, as a vehicle approaching) and with moving grain.
# The output is committed; rerun this (Debian's ffmpeg 5.1) to regenerate it.
set -euo pipefail
cd "$(dirname "$0")"
photos=(2d2723313e.jpg 8e237b31c5.jpg 1f93af52f8.jpg 0666d35256.jpg 5418318d26.jpg)
inputs=() filters="" labels=""
for i in "${!photos[@]}"; do
  inputs+=(-i "${photos[$i]}")
  filters+="[$i:v]scale=1280:720:force_original_aspect_ratio=decrease:flags=bicubic,"
  filters+="pad=1280:720:(ow-iw)/2:(oh-ih)/2:color=0x303030,setsar=1,"
  filters+="zoompan=z='1+0.0016*on':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=50:s=1280x720:fps=25,"
  filters+="noise=alls=8:allf=t,format=yuv420p[v$i];"
  labels+="[v$i]"
done
filters+="${labels}concat=n=${#photos[@]}:v=1:a=0[out]"
ffmpeg -hide_banner -loglevel error -y "${inputs[@]}" -filter_complex "$filters" -map "[out]" \
  -c:v libx264 -preset medium -crf 30 -g 50 -movflags +faststart slideshow.mp4
