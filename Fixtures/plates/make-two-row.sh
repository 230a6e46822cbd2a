#!/usr/bin/env bash
# Builds two-row-湘A97971.png: the yellow single-row plate 湘A97971 of EasyPR's bf1b4bef82.jpg (../shared/data/plates,
# Apache-2.0) re-laid as a two-row lorry plate — province and letter small in the upper row, the five-character
# serial large below, on yellow — pasted over the original plate, in a 640x360 cut of the same photo.
# The output is committed; rerun this (Debian's ffmpeg 5.1) to regenerate it.
set -euo pipefail
cd "$(dirname "$0")"
photo=${1:-../../../shared/data/plates/bf1b4bef82.jpg}
# The labelled plate: centre (97, 687), 135x46. Province and letter are its left 30%, the serial the rest.
graph="[0:v]split=3[photo][a][b];"
graph+="[a]crop=42:46:26:664,scale=48:24:flags=bicubic[upper];"
graph+="[b]crop=98:46:68:664,scale=112:40:flags=bicubic[lower];"
graph+="color=c=0xE0A81E:s=124x74,format=rgb24[plate];"
graph+="[plate][upper]overlay=38:5[p1];[p1][lower]overlay=6:31[two];"
graph+="[photo]drawbox=x=22:y=660:w=150:h=54:c=0x303030:t=fill[covered];"
graph+="[covered][two]overlay=35:650,crop=640:360:0:480,format=rgb24[out]"
ffmpeg -hide_banner -loglevel error -y -i "$photo" -filter_complex "$graph" -map "[out]" -frames:v 1 "two-row-湘A97971.png"
