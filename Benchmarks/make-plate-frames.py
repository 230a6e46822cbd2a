#!/usr/bin/env python3
"""Builds the small-plate set: the labelled photos of ../shared/data/plates shrunk until their plate is 16–20 px
high and placed into 1920x1080 frames, as a distant plate in a 1080p camera frame looks.

Each photo gives two frames: one only shrunk ("small"), and one shrunk and then "rotated" (8–30°, or 80–90° for one
in three), "blurred" (Gaussian, sigma 0.8–1.2 px) or "dark" (brightness ×0.3–0.45 with grain), in turn. The
background is another photo of the set, enlarged and blurred until no text on it can be read. Output: PNG frames
and labels.tsv (the columns `sharpeyes bench plates` reads, plus `condition`); with --video, also an H.264 clip that
shows each frame for --seconds-per-frame (25 fps), for the 1080p footage benchmark.

Only the standard library and Debian's ffmpeg are needed. The random choices come from --seed: the same seed
builds the same frames.

Usage: Benchmarks/make-plate-frames.py [--data ../shared/data/plates] [--out Benchmarks/.work/plate-frames]
                                       [--video Benchmarks/.work/plate-frames.mp4] [--seconds-per-frame 3]
"""
import argparse
import csv
import math
import os
import random
import subprocess
import sys

WIDTH, HEIGHT = 1920, 1080
CONDITIONS = ["rotated", "blurred", "dark"]


def photo_size(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height",
                          "-of", "csv=p=0", path], check=True, capture_output=True, text=True).stdout
    width, height = out.strip().split(",")[:2]
    return int(width), int(height)


def rotated_extent(width, height, degrees):
    a = math.radians(degrees)
    return (abs(width * math.cos(a)) + abs(height * math.sin(a)),
            abs(width * math.sin(a)) + abs(height * math.cos(a)))


def build_frame(rng, data, photo, plates, background, condition, out_path):
    """Writes one frame; returns its label rows (plate centre, size and angle in the frame)."""
    source_width, source_height = photo_size(os.path.join(data, photo))
    smallest = min(min(float(p["w"]), float(p["h"])) for p in plates)
    scale = rng.uniform(16.0, 20.0) / smallest
    scale = min(scale, 0.9 * WIDTH / source_width, 0.9 * HEIGHT / source_height)
    width = max(2, round(source_width * scale / 2) * 2)
    height = max(2, round(source_height * scale / 2) * 2)
    sx, sy = width / source_width, height / source_height

    angle = 0.0
    effects = []
    if condition == "rotated":
        angle = rng.uniform(80, 90) if rng.random() < 1 / 3 else rng.uniform(8, 30)
        angle *= rng.choice([-1, 1])
    elif condition == "blurred":
        effects.append(f"gblur=sigma={rng.uniform(0.8, 1.2):.2f}")
    elif condition == "dark":
        gain = rng.uniform(0.3, 0.45)
        effects.append(f"lutrgb=r=val*{gain:.3f}:g=val*{gain:.3f}:b=val*{gain:.3f}")
        effects.append("noise=alls=6:allf=u")
    # ffmpeg's rotate turns clockwise on screen (y down) and grows the canvas to hold the whole turned photo.
    radians = math.radians(angle)
    canvas_width, canvas_height = rotated_extent(width, height, angle)
    canvas_width, canvas_height = math.ceil(canvas_width), math.ceil(canvas_height)
    left = rng.randint(0, max(0, WIDTH - canvas_width))
    top = rng.randint(0, max(0, HEIGHT - canvas_height))

    foreground = [f"scale={width}:{height}:flags=area"] + effects + ["format=rgba"]
    if angle:
        foreground.append(f"rotate={radians:.6f}:ow={canvas_width}:oh={canvas_height}:c=none:bilinear=1")
    graph = (f"[0:v]scale=240:135,gblur=sigma=5,scale={WIDTH}:{HEIGHT}:flags=bicubic,format=rgba[bg];"
             f"[1:v]{','.join(foreground)}[fg];"
             f"[bg][fg]overlay={left}:{top}:format=auto,format=rgb24[out]")
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", os.path.join(data, background),
                    "-i", os.path.join(data, photo), "-filter_complex", graph, "-map", "[out]", "-frames:v", "1",
                    out_path], check=True)

    rows = []
    for plate in plates:
        # The plate centre in the shrunk photo, turned about the photo's centre, then moved onto the canvas.
        dx = float(plate["cx"]) * sx - width / 2
        dy = float(plate["cy"]) * sy - height / 2
        cx = dx * math.cos(radians) - dy * math.sin(radians) + canvas_width / 2 + left
        cy = dx * math.sin(radians) + dy * math.cos(radians) + canvas_height / 2 + top
        rows.append({"plate": plate["plate"], "colour": plate["colour"], "cx": f"{cx:.1f}", "cy": f"{cy:.1f}",
                     "w": f"{float(plate['w']) * sx:.1f}", "h": f"{float(plate['h']) * sy:.1f}",
                     "rotation_deg": f"{float(plate.get('rotation_deg') or 0) + angle:.1f}",
                     "condition": condition})
    return rows


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "plates"))
    parser.add_argument("--out", default=os.path.join(here, ".work", "plate-frames"))
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--video", help="also write the frames as an H.264 clip here")
    parser.add_argument("--seconds-per-frame", type=float, default=3.0)
    args = parser.parse_args()

    with open(os.path.join(args.data, "labels.tsv"), encoding="utf-8") as f:
        labels = list(csv.DictReader(f, delimiter="\t"))
    photos = sorted({row["file"] for row in labels})
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    out_rows = []
    for index, photo in enumerate(photos):
        plates = [row for row in labels if row["file"] == photo]
        background = photos[(index + len(photos) // 2) % len(photos)]
        for condition in ["small", CONDITIONS[index % len(CONDITIONS)]]:
            name = f"{index:02d}-{os.path.splitext(photo)[0]}-{condition}.png"
            for row in build_frame(rng, args.data, photo, plates, background, condition, os.path.join(args.out, name)):
                out_rows.append({"file": name, **row})
        print(f"\r{index + 1}/{len(photos)} photos", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    columns = ["file", "plate", "colour", "cx", "cy", "w", "h", "rotation_deg", "condition"]
    with open(os.path.join(args.out, "labels.tsv"), "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(out_rows)
    frames = sorted({row["file"] for row in out_rows})
    print(f"{len(frames)} frames, {len(out_rows)} plates in {args.out}", file=sys.stderr)

    if args.video:
        listing = os.path.join(args.out, "frames.txt")
        with open(listing, "w", encoding="utf-8") as f:
            for frame in frames:
                f.write(f"file '{os.path.abspath(os.path.join(args.out, frame))}'\nduration {args.seconds_per_frame}\n")
            f.write(f"file '{os.path.abspath(os.path.join(args.out, frames[-1]))}'\n")
        subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0", "-i", listing,
                        "-vf", "fps=25,format=yuv420p", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
                        "-g", "50", args.video], check=True)
        with open(os.path.splitext(args.video)[0] + ".tsv", "w", encoding="utf-8") as f:
            f.write("start_s\tend_s\tfile\tplate\tcondition\n")
            for row in out_rows:
                start = frames.index(row["file"]) * args.seconds_per_frame
                f.write(f"{start:g}\t{start + args.seconds_per_frame:g}\t{row['file']}\t{row['plate']}\t"
                        f"{row['condition']}\n")
        print(f"video: {args.video} ({len(frames) * args.seconds_per_frame:g} s), plates by time beside it",
              file=sys.stderr)


if __name__ == "__main__":
    main()
