# Sourced by the live-stream benchmarks (live.sh, recording.sh): the looped 720p clip they send, N senders of it over
# UDP on loopback (MPEG-TS by stream copy, each starting at i/N of the clip so the streams are not in step), and
# serve's CPU ticks. Needs $work (a scratch folder) set; CLIP=busy picks the clip where the whole picture moves.
encode=(-c:v libx264 -preset veryfast -b:v 2M -maxrate 2M -bufsize 2M -g 50 -bf 0 -an)
if [ "${CLIP:-street}" = busy ]; then
  clip=Benchmarks/.work/busy-720p25-2M.mp4
  if [ ! -f "$clip" ]; then
    ffmpeg -hide_banner -loglevel error -y -ss 3 -i Fixtures/short_hamilton_clip.mp4 -frames:v 1 "$work/hamilton-3s.png"
    shots=(Fixtures/plates/2d2723313e.jpg Fixtures/plates/8e237b31c5.jpg "$work/hamilton-3s.png"
      Fixtures/plates/1f93af52f8.jpg Fixtures/plates/0666d35256.jpg)
    inputs=() filters="" labels=""
    for i in "${!shots[@]}"; do
      inputs+=(-i "${shots[$i]}")
      filters+="[$i:v]scale=1280:720:force_original_aspect_ratio=decrease:flags=bicubic,"
      filters+="pad=1280:720:(ow-iw)/2:(oh-ih)/2:color=0x303030,setsar=1,"
      filters+="zoompan=z='1+0.002*on':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=200:s=1280x720:fps=25,"
      filters+="noise=alls=12:allf=t,format=yuv420p[v$i];"
      labels+="[v$i]"
    done
    ffmpeg -hide_banner -loglevel error -y "${inputs[@]}" -filter_complex "${filters}${labels}concat=n=${#shots[@]}:v=1:a=0[out]" \
      -map "[out]" -r 25 "${encode[@]}" "$clip"
  fi
else
  clip=Benchmarks/.work/street-720p25-2M.mp4
  [ -f "$clip" ] || ffmpeg -hide_banner -loglevel error -y -i Fixtures/plates/slideshow.mp4 \
    -vf "tpad=stop_mode=clone:stop_duration=30,noise=alls=12:allf=t,format=yuv420p" -r 25 "${encode[@]}" "$clip"
fi
base=$((30000 + RANDOM % 20000))
senders=()
start_senders() {
  for ((i = 0; i < $1; i++)); do
    ffmpeg -hide_banner -loglevel error -nostdin -re -stream_loop -1 -ss $((40 * i / $1)) -i "$clip" -c copy -f mpegts \
      "udp://127.0.0.1:$((base + i))?pkt_size=1316" &
    senders+=($!)
  done
}
stop_all() { kill "${senders[@]}" 2>/dev/null || true; wait 2>/dev/null || true; senders=(); }
trap stop_all EXIT
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# The face and the plate the clips' runs list (both clips show them): enrols them in a database.
list_subjects() {  # binary database
  "$1" watchlist add-face --name "Lin-Manuel Miranda" --list bench Fixtures/faces/probes/lin-manuel-miranda.png --db "$2" >/dev/null
  "$1" watchlist add-plate 川A095Q5 --reason bench --db "$2" >/dev/null
}
hz=$(getconf CLK_TCK)
