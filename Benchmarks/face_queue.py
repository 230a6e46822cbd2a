#!/usr/bin/env python3
"""Face-checkpoint queue benchmark: per-person hits, misses and false alerts (#12).

Builds queue clips from the development photos (Fixtures/faces, a copy of ../shared/data/faces) with
Benchmarks/make-queue-clip.sh: person after person at one place, SECONDS each, in several seeded orders, with two or
three of them on the watchlist (enrolled from other photos than the ones shown). Each clip is analysed by
`sharpeyes analyze --json`; a listed person's appearance is a hit when a sighting of that person lies inside the
appearance's seconds, a miss otherwise; a hit that lies outside every appearance of its person (a wrong person, or a
track dated across two people) is a false alert.

Scenes: `near` (1280x720, a 720 px square: faces of 250-500 px) and `far` (1920x1080, a 120 px square: faces of
about 40-80 px, under the 120 px the HOG detector finds in a 1080p frame analysed at 1280 without upsampling); the
square sways (8 and 40 px) as a person standing in a queue does.

"Before #12" is the same binary with the new parts switched off: `-- --face-track-distance 2 --face-small-size 0`
(faces joined by place only, no small-face search), which gives what the previous tracker gave on these clips.

Usage: Benchmarks/face_queue.py [--bin .build/release/sharpeyes] [--orders 4] [--label NAME] [-- analyze options]
Results: Benchmarks/results/face-queue-LABEL.json
"""
import argparse
import json
import os
import random
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FACES = os.path.join(ROOT, "Fixtures", "faces")
# Enrolment photos (the watchlist) and the other photos of each person that the queue shows.
ENROL = {"Obama": "gallery/obama/obama.jpg", "Biden": "gallery/biden/biden.jpg",
         "Rose Leslie": "gallery/rose_leslie/img1.jpg", "Alex Lacamoire": "gallery/alex_lacamoire/img1.jpg",
         "Kit Harington": "gallery/kit_harington/john1.jpeg"}
SHOWN = {"Obama": ["probes/obama2.jpg", "probes/knn_test/obama1.jpg"],
         "Biden": ["gallery/biden/biden2.jpg"],
         "Rose Leslie": ["gallery/rose_leslie/img2.jpg"],
         "Alex Lacamoire": ["probes/alex-lacamoire.png", "probes/knn_test/alex_lacamoire1.jpg"],
         "Kit Harington": ["gallery/kit_harington/john2.jpeg", "probes/knn_test/johnsnow_test1.jpg"],
         "Lin-Manuel Miranda": ["probes/lin-manuel-miranda.png"]}
SCENES = {"near": dict(WIDTH="1280", HEIGHT="720", SIZE="720", SWAY="8"),
          "far": dict(WIDTH="1920", HEIGHT="1080", SIZE="120", X="1200", SWAY="40")}
SECONDS = 4.0


def run(command, env=None):
    return subprocess.run(command, check=True, capture_output=True, text=True, env=env)


def scenario(rng, index):
    people = list(SHOWN)
    rng.shuffle(people)
    queue = people[: rng.choice([5, 6])]
    listed = rng.sample([p for p in queue if p in ENROL], rng.choice([2, 3]))
    photos = [os.path.join(FACES, rng.choice(SHOWN[p])) for p in queue]
    return {"name": f"order{index}", "queue": queue, "listed": sorted(listed), "photos": photos}


def score(case, summary):
    hits = {name: [(h["first_seen"], h["last_seen"]) for h in found] for name, found in summary["hits"].items()}
    windows = {}
    for position, person in enumerate(case["queue"]):
        windows.setdefault(person, []).append((position * SECONDS, (position + 1) * SECONDS))
    result = {"appearances": 0, "hits": 0, "misses": 0, "false_alerts": 0, "missed": [], "false": []}
    for person in case["listed"]:
        for start, end in windows.get(person, []):
            result["appearances"] += 1
            if any(start - 0.25 <= first and last <= end for first, last in hits.get(person, [])):
                result["hits"] += 1
            else:
                result["misses"] += 1
                result["missed"].append(f"{person}@{start:g}s")
    for person, found in hits.items():
        for first, last in found:
            if not any(start - 0.25 <= first and last <= end for start, end in windows.get(person, [])):
                result["false_alerts"] += 1
                result["false"].append(f"{person} {first:g}-{last:g}s")
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build/release/sharpeyes"))
    parser.add_argument("--orders", type=int, default=4)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--label", default="current")
    parser.add_argument("analyze_options", nargs="*")
    args = parser.parse_args()
    work = os.path.join(ROOT, "Benchmarks", ".work", "face-queue")
    os.makedirs(work, exist_ok=True)
    rng = random.Random(args.seed)
    cases = [scenario(rng, i) for i in range(args.orders)]
    totals = {"appearances": 0, "hits": 0, "misses": 0, "false_alerts": 0, "frames_analyzed": 0,
              "media_seconds": 0.0, "wall_seconds": 0.0}
    report = {"label": args.label, "analyze_options": args.analyze_options, "scenes": {}}
    for scene, geometry in SCENES.items():
        rows = []
        for case in cases:
            clip = os.path.join(work, f"{scene}-{case['name']}.mp4")
            if not os.path.exists(clip):
                run([os.path.join(ROOT, "Benchmarks/make-queue-clip.sh"), clip] + case["photos"],
                    env={**os.environ, **geometry})
            db = os.path.join(work, f"{args.label}-{scene}-{case['name']}.sqlite")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
            for person in case["listed"]:
                run([args.bin, "watchlist", "add-face", "--db", db, "--name", person, "--list", "wanted",
                     os.path.join(FACES, ENROL[person])])
            started = time.monotonic()
            out = run([args.bin, "analyze", clip, "--db", db, "--json", "--quiet",
                       "--snapshots", os.path.join(work, "snapshots")] + args.analyze_options).stdout
            wall = time.monotonic() - started
            summary = json.loads(out.strip().splitlines()[-1])
            row = {**{k: case[k] for k in ("name", "queue", "listed")}, **score(case, summary),
                   "frames_analyzed": summary["frames_analyzed"], "media_seconds": summary["media_seconds"],
                   "wall_seconds": round(wall, 2)}
            rows.append(row)
            for key in totals:
                totals[key] += row[key]
            print(f"{scene} {case['name']}: {row['hits']}/{row['appearances']} hits, {row['false_alerts']} false"
                  f" {row['missed'] + row['false']} ({wall:.1f} s)", file=sys.stderr)
        report["scenes"][scene] = rows
    totals["frames_per_second"] = round(totals["frames_analyzed"] / totals["wall_seconds"], 2)
    totals["realtime"] = round(totals["media_seconds"] / totals["wall_seconds"], 2)
    report["totals"] = totals
    os.makedirs(os.path.join(ROOT, "Benchmarks", "results"), exist_ok=True)
    path = os.path.join(ROOT, "Benchmarks", "results", f"face-queue-{args.label}.json")
    with open(path, "w") as f:
        json.dump(report, f, indent=1, ensure_ascii=False)
    print(json.dumps(totals))


if __name__ == "__main__":
    main()
