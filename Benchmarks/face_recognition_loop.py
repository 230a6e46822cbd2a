"""The anchor: face_recognition's facerec_from_video_file.py loop, timed, on the same clip and photos.

Every frame, HOG detection with the default upsample 1, num_jitters 1, tolerance 0.5 (as in the example).
Prints one JSON line: wall seconds (imports and model load included), frames, faces, and frames per identity.
"""
import json
import sys
import time

start = time.monotonic()
import cv2  # noqa: E402
import face_recognition  # noqa: E402

clip, *people = sys.argv[1:]
names, known = [], []
for entry in people:
    name, photo = entry.split("=", 1)
    names.append(name)
    known.append(face_recognition.face_encodings(face_recognition.load_image_file(photo))[0])

video = cv2.VideoCapture(clip)
frames = faces = 0
hits = {name: 0 for name in names}
while True:
    ok, frame = video.read()
    if not ok:
        break
    frames += 1
    # The example's frame[:, :, ::-1] view is refused by dlib 20; convert instead (measurements.md §4).
    rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    locations = face_recognition.face_locations(rgb)
    encodings = face_recognition.face_encodings(rgb, locations)
    faces += len(encodings)
    seen = set()
    for encoding in encodings:
        for name, match in zip(names, face_recognition.compare_faces(known, encoding, tolerance=0.50)):
            if match:
                seen.add(name)
    for name in seen:
        hits[name] += 1

print(json.dumps({"wall_seconds": time.monotonic() - start, "frames": frames, "faces": faces, "frames_with": hits}))
