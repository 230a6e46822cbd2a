#!/usr/bin/env bash
# Makes the eagle-eye and drone fixtures from the committed plate and face photos (Debian's ffmpeg 5.1, python3):
#   generated/eagle-4k.mp4      3 s of 3840x2160 at 10 fps: a blurred street as the wide view, three faces and four
#                               plates pasted small at known places, drifting right 6 px a frame (so motion picks
#                               their tiles); 黑A1R272 crosses the border between the first two tile columns.
#   generated/eagle-truth.json  where each face and plate is, per frame.
#   generated/drone-video.mp4   4 s of 1280x720 at 10 fps: a nadir view of a 2400x1200-pixel ground (5 cm a pixel)
#                               flown over at 60 m, heading 30°, 11 m/s, with three plates lying on it.
#   generated/drone-flight.json the flight log (position, heading, fields of view, frame centre per frame) and each
#                               plate's true latitude and longitude.
#   generated/drone.ts          with SHARPEYES=path/to/sharpeyes: the video in MPEG-TS with a KLV (MISB ST 0601) stream
#                               that the project's own writer (`sharpeyes dev mux-telemetry`) encodes from the log.
# The outputs (several MB) are not committed; tests run this when they are missing.
set -euo pipefail
if [ -n "${SHARPEYES:-}" ]; then SHARPEYES=$(realpath "$SHARPEYES"); fi
cd "$(dirname "$0")"
out=generated
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }
plates=../plates
faces=../faces/probes

# A plate with some of its car around it, scaled so the plate is $3 pixels wide: crop(file, "cx cy w h", width).
plate() {
  read -r cx cy w h <<<"$2"
  local cw=$((w * 2)) ch=$((h * 3))
  ff -i "$plates/$1" -vf "crop=$cw:$ch:$((cx - cw / 2)):$((cy - ch / 2)),scale=$(($3 * 2)):-2" "$tmp/$4.png"
}
plate 2d2723313e.jpg "838 276 165 59" 96 p1     # 京FK5358
plate 1f93af52f8.jpg "1204 602 131 37" 96 p2    # 黑A1R272 (across a tile border)
plate 5418318d26.jpg "164 351 86 28" 96 p3      # 粤B2757B
plate 0666d35256.jpg "418 357 110 32" 96 p4     # 辽BG0D80
# Face photos scaled so the face is about 100 pixels wide.
ff -i "$faces/obama.jpg" -vf scale=400:-2 "$tmp/f1.png"
ff -i "$faces/biden.jpg" -vf scale=460:-2 "$tmp/f2.png"
ff -i "$faces/obama2.jpg" -vf scale=260:-2 "$tmp/f3.png"

# The wide view: a street photo blown up and blurred past reading, so only the pasted subjects can be found.
ff -i "$plates/1f93af52f8.jpg" -vf "scale=3840:2160,gblur=sigma=24" -frames:v 1 "$tmp/wide.png"

python3 - "$tmp" "$out/eagle-truth.json" <<'PY' > "$tmp/eagle-filter.txt"
import json, subprocess, sys
tmp, truth_path = sys.argv[1], sys.argv[2]
# name, image, label, top-left x, y at frame 0 (moves +6 px in x per frame)
items = [
    ("f1", "face", None, 300, 1450), ("f2", "face", None, 2250, 260), ("f3", "face", None, 3250, 1500),
    ("p1", "plate", "京FK5358", 560, 560), ("p2", "plate", "黑A1R272", 1150, 1300),
    ("p3", "plate", "粤B2757B", 2650, 1000), ("p4", "plate", "辽BG0D80", 3150, 420),
]
def size(name):
    w, h = subprocess.check_output(["ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
        "stream=width,height", "-of", "csv=p=0", f"{tmp}/{name}.png"], text=True).strip().split(",")
    return int(w), int(h)
chain, last, truth = [], "0:v", []
for i, (name, kind, label, x, y) in enumerate(items):
    w, h = size(name)
    chain.append(f"[{last}][{i + 1}:v]overlay=x='{x}+6*n':y={y}[v{i}]")
    last = f"v{i}"
    truth.append({"kind": kind, "label": label, "x": x, "y": y, "width": w, "height": h, "dx_per_frame": 6})
chain[-1] = chain[-1].rsplit("[", 1)[0] + "[out]"   # the last overlay is the output
print(";".join(chain))
json.dump({"frame": [3840, 2160], "fps": 10, "frames": 30, "items": truth}, open(truth_path, "w"), ensure_ascii=False, indent=1)
PY
inputs=(-loop 1 -framerate 10 -i "$tmp/wide.png")
for name in f1 f2 f3 p1 p2 p3 p4; do inputs+=(-loop 1 -framerate 10 -i "$tmp/$name.png"); done
ff "${inputs[@]}" -filter_complex "$(cat "$tmp/eagle-filter.txt")" -map "[out]" -frames:v 30 -r 10 \
  -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -g 10 "$out/eagle-4k.mp4"

# The drone's ground: a blurred car-park photo, 2400x1200 pixels at 5 cm, with three plates lying on it.
ff -i "$plates/2d2723313e.jpg" -vf "scale=2400:1200,gblur=sigma=20" -frames:v 1 "$tmp/ground.png"
plate 1f93af52f8.jpg "1204 602 131 37" 110 g1
plate 5418318d26.jpg "164 351 86 28" 110 g2
plate 0666d35256.jpg "418 357 110 32" 110 g3
python3 - "$tmp" "$out/drone-flight.json" <<'PY' > "$tmp/drone-filter.txt"
import json, math, subprocess, sys
tmp, flight_path = sys.argv[1], sys.argv[2]
GSD, AGL, ELEV, HEADING = 0.05, 60.0, 150.0, 30.0          # m/pixel, m above ground, ground m above sea, degrees
ORIGIN = (45.7500, 126.6300)                               # the ground image's centre (Harbin)
W, H, CW, CH, FPS, FRAMES = 2400, 1200, 1280, 720, 10, 40
M = 6371008.8 * math.pi / 180                              # metres per degree of latitude
def geo(u, v):
    """Ground image pixel -> (lat, lon): image right is heading+90°, image up is the heading."""
    right, up = (u - W / 2) * GSD, (H / 2 - v) * GSD
    h = math.radians(HEADING)
    east = right * math.cos(h) + up * math.sin(h)
    north = -right * math.sin(h) + up * math.cos(h)
    return ORIGIN[0] + north / M, ORIGIN[1] + east / (M * math.cos(math.radians(ORIGIN[0])))
def size(name):
    w, h = subprocess.check_output(["ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
        "stream=width,height", "-of", "csv=p=0", f"{tmp}/{name}.png"], text=True).strip().split(",")
    return int(w), int(h)
plates = [("g1", "黑A1R272", 700, 520), ("g2", "粤B2757B", 1300, 800), ("g3", "辽BG0D80", 1720, 420)]  # centres
chain, last, truth = [], "0:v", []
for i, (name, label, cx, cy) in enumerate(plates):
    w, h = size(name)
    chain.append(f"[{last}][{i + 1}:v]overlay=x={cx - w // 2}:y={cy - h // 2}[g{i}]")
    last = f"g{i}"
    lat, lon = geo(cx, cy)
    truth.append({"label": label, "latitude": lat, "longitude": lon, "u": cx, "v": cy})
# The camera window slides 22.5 px a frame (11 m/s) along the image's x axis.
chain.append(f"[{last}]crop={CW}:{CH}:x='100+22.5*n':y=240[out]")
print(";".join(chain))
hfov = 2 * math.degrees(math.atan(CW * GSD / 2 / AGL))
vfov = 2 * math.degrees(math.atan(CH * GSD / 2 / AGL))
samples = []
for n in range(FRAMES):
    lat, lon = geo(100 + 22.5 * n + CW / 2, 240 + CH / 2)
    samples.append({"t": n / FPS, "timestamp": 1796000000 + n / FPS, "platform_heading": HEADING,
                    "sensor_latitude": lat, "sensor_longitude": lon, "sensor_altitude": ELEV + AGL,
                    "horizontal_field_of_view": hfov, "vertical_field_of_view": vfov,
                    "frame_center_latitude": lat, "frame_center_longitude": lon, "frame_center_elevation": ELEV})
json.dump({"samples": samples, "plates": truth, "gsd_m": GSD}, open(flight_path, "w"), ensure_ascii=False, indent=1)
PY
ff -loop 1 -framerate 10 -i "$tmp/ground.png" -loop 1 -framerate 10 -i "$tmp/g1.png" -loop 1 -framerate 10 -i "$tmp/g2.png" \
  -loop 1 -framerate 10 -i "$tmp/g3.png" -filter_complex "$(cat "$tmp/drone-filter.txt")" -map "[out]" -frames:v 40 -r 10 \
  -c:v libx264 -preset veryfast -crf 20 -bf 0 -g 10 -pix_fmt yuv420p "$out/drone-video.mp4"

if [ -n "${SHARPEYES:-}" ]; then
  "$SHARPEYES" dev mux-telemetry --video "$out/drone-video.mp4" --flight "$out/drone-flight.json" --output "$out/drone.ts"
fi
