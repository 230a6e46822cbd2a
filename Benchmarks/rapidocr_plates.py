"""The Python anchor for `sharpeyes bench plates`: RapidOCR 1.4.4 (the package our PP-OCRv4 models come from) with
its default pipeline (detector at min side 736, angle classifier, recogniser) over each whole photo, one thread,
reads kept when they are Chinese plates. Same labels, same matching and the same JSON keys as the Swift bench.

Usage: rapidocr_plates.py LABELS.tsv [--frame WxH]
"""
import csv
import json
import os
import statistics
import sys
import time

import cv2
from rapidocr_onnxruntime import RapidOCR

PROVINCES = set("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼")
SERIAL = set("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
SUFFIXES = set("学警挂港澳")


def normalise(text):
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            ch = chr(code - 0xFEE0)
        if ch.isspace() or ch in "·•・.-_":
            continue
        out.append(ch.upper())
    return "".join(out)


def is_plate(text):
    if len(text) not in (7, 8) or text[0] not in PROVINCES:
        return False
    if not ("A" <= text[1] <= "Z") or text[1] == "I":
        return False
    rest = text[2:]
    if len(text) == 8:
        return all(c in SERIAL for c in rest)
    return all(c in SERIAL for c in rest[:-1]) and (rest[-1] in SERIAL or rest[-1] in SUFFIXES)


def distance(a, b):
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
        previous = current
    return previous[len(b)]


def main():
    labels_path = sys.argv[1]
    frame = None
    if "--frame" in sys.argv:
        w, h = sys.argv[sys.argv.index("--frame") + 1].lower().split("x")
        frame = (int(w), int(h))
    folder = os.path.dirname(labels_path)
    with open(labels_path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
    files = list(dict.fromkeys(row["file"] for row in rows))
    exact = within_one = province = false_plates = 0
    times, one_plate_times = [], []
    for file in files:
        image = cv2.imread(os.path.join(folder, file))
        plates = [r for r in rows if r["file"] == file]
        boxes = [(float(r["cx"]), float(r["cy"]), float(r["w"]), float(r["h"])) for r in plates]
        if frame:
            scale = min(1.0, frame[0] / image.shape[1], frame[1] / image.shape[0])
            small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else image
            # Centred on grey, as the Swift bench does.
            x0, y0 = (frame[0] - small.shape[1]) // 2, (frame[1] - small.shape[0]) // 2
            image = cv2.copyMakeBorder(small, y0, frame[1] - small.shape[0] - y0, x0, frame[0] - small.shape[1] - x0,
                                       cv2.BORDER_CONSTANT, value=(128, 128, 128))
            boxes = [(cx * scale + x0, cy * scale + y0, w * scale, h * scale) for cx, cy, w, h in boxes]
        start = time.perf_counter()
        result, _ = engine(image)
        elapsed = (time.perf_counter() - start) * 1000
        times.append(elapsed)
        if len(plates) == 1:
            one_plate_times.append(elapsed)
        reads = []
        for points, text, _score in result or []:
            text = normalise(text)
            if is_plate(text):
                xs = [p[0] for p in points]
                ys = [p[1] for p in points]
                reads.append(((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, text))
        used = set()
        for row, (cx, cy, w, h) in zip(plates, boxes):
            truth = normalise(row["plate"])
            near = [i for i, (x, y, _) in enumerate(reads) if abs(x - cx) <= w and abs(y - cy) <= h]
            used.update(near)
            if not near:
                continue
            text = min((reads[i][2] for i in near), key=lambda t: distance(t, truth))
            errors = distance(text, truth)
            exact += errors == 0
            within_one += errors <= 1
            province += text[0] == truth[0]
        false_plates += len(reads) - len(used)
    count = len(rows)
    result = {
        "photos": len(files), "plates": count, "exact": exact / count, "within_one": within_one / count,
        "province": province / count, "false_plates": false_plates, "median_ms": statistics.median(times),
        "median_ms_one_plate": statistics.median(one_plate_times), "frame": sys.argv[sys.argv.index("--frame") + 1] if frame else None,
    }
    print(f"rapidocr: {exact} exact, {within_one} within one of {count}; median {result['median_ms']:.1f} ms")
    print(json.dumps(result, sort_keys=True, ensure_ascii=False))


if __name__ == "__main__":
    main()
