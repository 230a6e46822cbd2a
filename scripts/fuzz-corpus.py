#!/usr/bin/env python3
"""Damaged and hostile inputs for SharpEyes (issue #14), made from the fixtures with a seed.

Videos (Fixtures/short_hamilton_clip.mp4, Fixtures/codecs/*) and face photos (Fixtures/faces/**) get byte flips,
zeroed ranges, truncations, shuffled or repeated chunks, header-only cuts, garbage after a valid header, huge box
sizes and counts (mp4), and edited frame sizes (mp4 tkhd/avc1, the H.264 SPS, mkv PixelWidth/PixelHeight, avi and
flv headers, JPEG SOF, PNG IHDR). Text inputs — dispatch YAML (Examples/dispatch.yaml), serve configs
(Examples/sharpeyes.yaml), hotlist CSVs and bench labels files (Fixtures/plates/labels.tsv) — get the same byte
damage plus alias bombs (an alias as a mapping key), deep nesting, 10 MB files, NUL and control characters,
invalid UTF-8, NaN/inf and overflowing numbers, duplicate rows and keys, wildcard-everything hotlist entries.

Usage: scripts/fuzz-corpus.py OUT [--seed 14] [--videos 24] [--photos 8] [--texts 20]

Writes the files under OUT and OUT/manifest.jsonl, one JSON object per file: kind (video, photo, dispatch, serve,
hotlist, labels), file (relative to OUT), mutation, args (the sharpeyes arguments that read it, with {file} and {db}
to fill in) and env. The same seed gives the same files. Python standard library only.
"""
import argparse
import json
import random
import re
import shutil
import struct
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Fixtures"
SIZES = [0, 1, 2, 15, 17, 4095, 16384, 32767, 65535]

# ---------------------------------------------------------------- byte damage, for every kind of file


def flip(rng, data, region=None):
    out = bytearray(data)
    if not out:
        return bytes(out), "flip (empty)"
    lo, hi = region or (0, len(out))
    hi = min(hi, len(out))
    count = rng.randint(1, 64)
    for _ in range(count):
        out[rng.randrange(lo, hi)] ^= 1 << rng.randrange(8)
    return bytes(out), f"flip {count} bits in bytes {lo}-{hi}"


def flip_header(rng, data):
    return flip(rng, data, (0, min(len(data), 4096)))


def zero_range(rng, data):
    length = rng.choice([16, 256, 4096, 65536])
    start = rng.randrange(max(1, len(data)))
    out = data[:start] + bytes(min(length, len(data) - start)) + data[start + length:]
    return out, f"zero {length} bytes at {start}"


def truncate(rng, data):
    cut = rng.randrange(max(1, len(data)))
    return data[:cut], f"truncate at {cut} of {len(data)}"


def shuffle_chunks(rng, data):
    size = rng.choice([512, 4096, 32768])
    chunks = [data[i:i + size] for i in range(0, len(data), size)]
    swaps = rng.randint(1, 8)
    for _ in range(swaps):
        i, j = rng.randrange(len(chunks)), rng.randrange(len(chunks))
        chunks[i], chunks[j] = chunks[j], chunks[i]
    return b"".join(chunks), f"swap {swaps} pairs of {size}-byte chunks"


def repeat_chunk(rng, data):
    start = rng.randrange(max(1, len(data)))
    length = rng.choice([7, 188, 4096, 50000])
    return data[:start] + data[start:start + length] * rng.randint(2, 20) + data[start:], f"repeat {length} bytes at {start}"


def header_length(rng, data):
    mdat = data.find(b"mdat")
    return mdat + 4 if 0 < mdat < 200_000 else min(len(data), rng.choice([64, 512, 4096, 8192]))


def header_only(rng, data):
    n = header_length(rng, data)
    return data[:n], f"header only ({n} bytes)"


def garbage_after_header(rng, data):
    n = header_length(rng, data)
    length = rng.choice([1024, 65536, 262144])
    return data[:n] + rng.randbytes(length), f"header ({n} bytes) then {length} random bytes"


def empty(rng, data):
    return b"", "empty file"


# ---------------------------------------------------------------- frame sizes, container by container

MP4_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"dinf", b"edts", b"udta", b"mvex"}
SAMPLE_ENTRIES = {b"avc1", b"avc3", b"hvc1", b"hev1", b"mp4v", b"vp09"}
COUNTED = {b"stsz": 16, b"stco": 12, b"co64": 12, b"stts": 12, b"stsc": 12, b"stss": 12, b"ctts": 12, b"stsd": 12}


def mp4_boxes(data, start=0, end=None):
    """(offset, size, type) of every box, depth first, through the containers the video track needs."""
    end = len(data) if end is None else end
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if size == 1 and pos + 16 <= end:
            size = struct.unpack(">Q", data[pos + 8:pos + 16])[0]
        elif size == 0:
            size = end - pos
        if size < 8 or pos + size > end:
            return
        yield pos, size, kind
        if kind in MP4_CONTAINERS:
            yield from mp4_boxes(data, pos + 8, pos + size)
        elif kind == b"stsd":
            yield from mp4_boxes(data, pos + 16, pos + size)
        elif kind in SAMPLE_ENTRIES:
            yield from mp4_boxes(data, pos + 86, pos + size)
        pos += size


def ue_bits(value):
    return 2 * (value + 1).bit_length() - 1


class Bits:
    def __init__(self, data):
        self.bits = "".join(f"{b:08b}" for b in data)
        self.pos = 0

    def u(self, n):
        value = int(self.bits[self.pos:self.pos + n] or "0", 2)
        self.pos += n
        return value

    def ue(self):
        zeros = 0
        while self.pos < len(self.bits) and self.bits[self.pos] == "0":
            zeros += 1
            self.pos += 1
        self.pos += 1
        return (1 << zeros) - 1 + self.u(zeros)


def unescape(nal):
    return re.sub(b"\x00\x00\x03", b"\x00\x00", nal)


def escape(rbsp):
    return re.sub(b"\x00\x00(?=[\x00-\x03])", b"\x00\x00\x03", rbsp)


def edited_sps(rng, nal):
    """The SPS NAL unit with other pic_width/height_in_mbs, of the same byte length; None if not possible."""
    rbsp = unescape(nal)
    bits = Bits(rbsp[1:])
    profile = bits.u(8)
    bits.u(16)
    bits.ue()
    if profile in (100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135):
        if bits.ue() == 3:
            bits.u(1)
        bits.ue(), bits.ue(), bits.u(1)
        if bits.u(1):
            return None  # scaling matrices: not worth parsing here
    bits.ue()
    poc = bits.ue()
    if poc == 0:
        bits.ue()
    elif poc == 1:
        bits.u(1), bits.ue(), bits.ue()
        for _ in range(bits.ue()):
            bits.ue()
    bits.ue(), bits.u(1)
    start = bits.pos
    bits.ue(), bits.ue()
    rest = bits.bits[bits.pos:].rstrip("0")[:-1]  # without the stop bit and the alignment
    for _ in range(200):
        w, h = rng.choice([0, 1, 3, 7, 63, 127, 255, 1023, rng.randrange(300)]), rng.choice([0, 1, 3, 63, 255, rng.randrange(300)])
        body = bits.bits[:start] + ue(w) + ue(h) + rest + "1"
        body += "0" * (-len(body) % 8)
        new = escape(rbsp[:1] + int(body, 2).to_bytes(len(body) // 8, "big"))
        if len(new) == len(nal) and new != nal:
            return new, (w + 1) * 16, (h + 1) * 16
    return None


def ue(value):
    return "0" * ((value + 1).bit_length() - 1) + f"{value + 1:b}"


def patch_sps(rng, data, at, length):
    edited = edited_sps(rng, data[at:at + length])
    if not edited:
        return None
    nal, w, h = edited
    return data[:at] + nal + data[at + length:], f"SPS says {w}x{h} (before cropping)"


def annexb_sps(data):
    at = data.find(b"\x00\x00\x01\x67")
    if at < 0:
        return None
    end = data.find(b"\x00\x00\x01", at + 4)
    end = end - 1 if end > 0 and data[end - 1] == 0 else end
    return at + 3, (end if end > 0 else len(data)) - at - 3


def frame_size_mp4(rng, data):
    out = bytearray(data)
    w, h = rng.choice(SIZES), rng.choice(SIZES)
    for pos, size, kind in mp4_boxes(data):
        if kind == b"tkhd":
            struct.pack_into(">II", out, pos + size - 8, (w & 0xFFFF) << 16, (h & 0xFFFF) << 16)
        elif kind in SAMPLE_ENTRIES:
            struct.pack_into(">HH", out, pos + 32, w & 0xFFFF, h & 0xFFFF)
        elif kind == b"avcC" and rng.random() < 0.7:
            length = struct.unpack(">H", data[pos + 14:pos + 16])[0]
            patched = patch_sps(rng, bytes(out), pos + 16, length)
            if patched:
                return patched[0], f"tkhd/avc1 {w}x{h}, " + patched[1]
    return bytes(out), f"tkhd and sample entry say {w}x{h}"


def frame_size_mkv(rng, data):
    out = bytearray(data)
    width, height = out.find(b"\xb0\x82", 0, 65536), out.find(b"\xba\x81", 0, 65536)
    w, h = rng.choice(SIZES), rng.choice(SIZES) & 0xFF
    if width > 0:
        struct.pack_into(">H", out, width + 2, w & 0xFFFF)
    if height > 0:
        out[height + 2] = h
    return bytes(out), f"PixelWidth {w}, PixelHeight {h}"


def frame_size_avi(rng, data):
    out = bytearray(data)
    w, h = rng.choice(SIZES + [-1, -65536]), rng.choice(SIZES + [-1])
    avih, strf = out.find(b"avih"), out.find(b"strf")
    if avih > 0:
        struct.pack_into("<II", out, avih + 8 + 32, w & 0xFFFFFFFF, h & 0xFFFFFFFF)
    if strf > 0:
        struct.pack_into("<ii", out, strf + 8 + 4, w, h)
    text = f"avih and BITMAPINFOHEADER say {w}x{h}"
    if b"MJPG" in out[:4096]:
        jpeg = frame_size_jpeg(rng, bytes(out))
        return jpeg[0], text + ", " + jpeg[1]
    return bytes(out), text


def frame_size_flv(rng, data):
    out = bytearray(data)
    w, h = float(rng.choice(SIZES + [-1, 1e300])), float(rng.choice(SIZES + [-1]))
    for name, value in ((b"\x00\x05width\x00", w), (b"\x00\x06height\x00", h)):
        at = out.find(name)
        if at > 0:
            struct.pack_into(">d", out, at + len(name), value)
    record = out.find(b"\x17\x00\x00\x00\x00\x01")
    if record > 0:
        length = struct.unpack(">H", out[record + 11:record + 13])[0]
        patched = patch_sps(rng, bytes(out), record + 13, length)
        if patched:
            return patched[0], f"onMetaData {w}x{h}, " + patched[1]
    return bytes(out), f"onMetaData says {w}x{h}"


def frame_size_ts(rng, data):
    found = annexb_sps(data)
    patched = found and patch_sps(rng, data, *found)
    return patched or flip_header(rng, data)


def frame_size_jpeg(rng, data):
    out = bytearray(data)
    w, h = rng.choice(SIZES), rng.choice(SIZES)
    count = 0
    for match in re.finditer(b"\xff[\xc0\xc1\xc2]", data):
        if count >= 50:
            break
        at = match.start()
        if at + 9 <= len(out):
            struct.pack_into(">HH", out, at + 5, h, w)
            count += 1
    return bytes(out), f"{count} JPEG SOF say {w}x{h}"


def frame_size_png(rng, data):
    out = bytearray(data)
    w, h = rng.choice(SIZES + [0x7FFFFFFF, 0xFFFFFFFF]), rng.choice(SIZES + [0x7FFFFFFF])
    struct.pack_into(">II", out, 16, w, h)
    struct.pack_into(">I", out, 29, zlib.crc32(bytes(out[12:29])))
    return bytes(out), f"IHDR says {w}x{h} (CRC fixed)"


def frame_size(rng, data, suffix):
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return frame_size_png(rng, data)
    return {
        ".mp4": frame_size_mp4, ".mkv": frame_size_mkv, ".avi": frame_size_avi, ".flv": frame_size_flv,
        ".ts": frame_size_ts, ".jpg": frame_size_jpeg, ".jpeg": frame_size_jpeg,
    }.get(suffix, flip_header)(rng, data)


# Where other formats keep a chunk's or segment's length: (start of a chunk, offset of its length, struct format).
SIZE_FIELDS = {
    ".avi": (rb"(00dc|00db|01wb|LIST|idx1|strl)", 4, "<I"),
    ".jpg": (rb"\xff[\xc4\xdb\xda\xe0-\xef\xfe]", 2, ">H"),
    ".jpeg": (rb"\xff[\xc4\xdb\xda\xe0-\xef\xfe]", 2, ">H"),
    ".png": (rb"(IDAT|IHDR|PLTE|tEXt|iCCP|pHYs)", -4, ">I"),
}


def huge_counts(rng, data, suffix):
    """A box's, chunk's or segment's size or entry count made huge or tiny: parsers that trust them allocate or loop."""
    boxes = [b for b in mp4_boxes(data) if b[2] in COUNTED or b[2] in MP4_CONTAINERS] if suffix == ".mp4" else []
    out = bytearray(data)
    if boxes:
        pos, size, kind = rng.choice(boxes)
        value = rng.choice([0, 1, 7, 0x7FFFFFFF, 0xFFFFFFFF, size + 1, size * 1000]) & 0xFFFFFFFF
        field = pos + COUNTED[kind] if kind in COUNTED and rng.random() < 0.7 else pos
        struct.pack_into(">I", out, field, value)
        return bytes(out), f"{kind.decode()} {'size' if field == pos else 'count'} at {pos} = {value}"
    if suffix not in SIZE_FIELDS:
        return repeat_chunk(rng, data)
    pattern, offset, form = SIZE_FIELDS[suffix]
    starts = [m.start() for m in re.finditer(pattern, data[:200_000])][:40]
    if not starts:
        return repeat_chunk(rng, data)
    at = rng.choice(starts) + offset
    value = rng.choice([0, 1, 2, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF]) & (0xFFFF if form == ">H" else 0xFFFFFFFF)
    struct.pack_into(form, out, at, value)
    return bytes(out), f"length at {at} = {value}"


# Ordered so that a small sample (8 photos) already meets the format-aware ones.
BINARY = ["frame_size", flip, truncate, "huge_counts", garbage_after_header, flip_header, header_only, zero_range,
          "frame_size", shuffle_chunks, repeat_chunk, empty]


def damage(rng, data, suffix, index):
    mutation = BINARY[index % len(BINARY)]
    if mutation == "frame_size":
        return frame_size(rng, data, suffix)
    return huge_counts(rng, data, suffix) if mutation == "huge_counts" else mutation(rng, data)


# ---------------------------------------------------------------- text inputs

NONFINITE_YAML = [".nan", ".NaN", ".inf", "-.inf", "+.inf", "1e999", "-1e999", "nan", "NaN", "inf"]
NONFINITE_TSV = ["nan", "NaN", "inf", "-inf", "Infinity", "1e999", "1e300", "-1e300", "0x1p1023", "9" * 40]
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
SERIAL = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def alias_key_bomb():
    """Nine levels of nine aliases, the last one used as a mapping key (Yams hashes keys while composing)."""
    lines = ["a: &a\n" + "  - lol\n" * 9]
    for name, previous in zip("bcdefghi", "abcdefgh"):
        lines.append(f"{name}: &{name}\n" + f"  - *{previous}\n" * 9)
    return "".join(lines) + "? *i\n: boom\n"


def billion_laughs():
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for name, previous in zip("bcdefghi", "abcdefgh"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def lines_of(text):
    return text.split("\n")


def yaml_mutations(rng, text, index):
    lines = lines_of(text)
    number = re.compile(r"(?<![\w.])-?\d+(\.\d+)?(?![\w.])")
    options = [
        ("alias bomb, alias as key", lambda: text + "\n" + alias_key_bomb()),
        ("NaN/inf numbers", lambda: number.sub(lambda m: rng.choice(NONFINITE_YAML) if rng.random() < 0.5 else m.group(0), text)),
        ("10 MB comment", lambda: text + "# " + "x" * 10_000_000 + "\n"),
        ("NUL byte", lambda: insert_line_char(rng, lines, "\0")),
        ("nested 100000 deep", lambda: "forces: " + "[" * 100_000 + "\n"),
        ("billion laughs", lambda: billion_laughs() + text),
        ("alias bomb only", alias_key_bomb),
        ("10 MB scalar", lambda: text.replace("name:", "name: " + "y" * 10_000_000, 1)),
        ("overflowing numbers", lambda: number.sub(lambda m: rng.choice(["99999999999999999999999", "-1", "0", "1e308"]), text)),
        ("control characters", lambda: insert_line_char(rng, lines, rng.choice(["\x01", "\x1b", "\x7f", "\x85", "\u2028", "\ufffe"]))),
        ("duplicate keys", lambda: text + "\n" + "\n".join(l for l in lines if l and not l.startswith((" ", "#")))),
        ("shuffled lines", lambda: "\n".join(rng.sample(lines, len(lines)))),
        ("tags and directives", lambda: "%YAML 1.1\n---\n" + text.replace("name:", "name: !!binary", 1)),
        ("tabs for indentation", lambda: text.replace("  ", "\t")),
        ("empty document", lambda: rng.choice(["", "---\n", "...\n", "~\n", "[]\n", "- a\n"])),
    ]
    name, make = options[index % len(options)]
    return make(), name


def insert_line_char(rng, lines, character):
    i = rng.randrange(len(lines))
    line = lines[i]
    at = rng.randrange(len(line) + 1)
    return "\n".join(lines[:i] + [line[:at] + character + line[at:]] + lines[i + 1:])


def random_plate(rng):
    return rng.choice(PROVINCES) + rng.choice(SERIAL[:24]) + "".join(rng.choice(SERIAL) for _ in range(5))


def hotlist_base(rng):
    rows = ["plate,reason,severity,list"]
    for n in range(12):
        plate = random_plate(rng)
        rows.append(f'{plate},"stolen, case {n}",{rng.choice(["low", "medium", "high", "critical"])},hotlist')
    rows.append("辽B*88,cloned plates,medium")
    return "\n".join(rows) + "\n"


def hotlist_mutations(rng, text, index):
    lines = lines_of(text)
    body = lines[1:-1]
    options = [
        ("NUL in a reason", lambda: text.replace("stolen", "sto\0len", 1)),
        ("wildcard matching everything", lambda: text + rng.choice(["*", "**", "?*", "*?*", "???????", "黑*", "*A*"]) + ",everything,high\n"),
        ("duplicate rows", lambda: text + "\n".join(rng.sample(body, 3)) + "\n"),
        ("10 MB of rows", lambda: lines[0] + "\n" + "\n".join(random_plate(rng) + f",stolen {i},high" for i in range(330_000)) + "\n"),
        ("10 MB line", lambda: text + "京FK5358," + "r" * 10_000_000 + "\n"),
        ("invalid UTF-8", None),
        ("control characters", lambda: insert_line_char(rng, lines, rng.choice(["\x01", "\x1b", "\x7f", "\x85", "\u2028"]))),
        ("unbalanced quotes", lambda: text.replace('"stolen', '"stolen"x"', 1) + '"京FK5358,stolen\n'),
        ("BOM and CRLF", lambda: "\ufeff" + text.replace("\n", "\r\n")),
        ("blank lines and spaces", lambda: "\n\n" + text.replace("\n", "\n \n")),
        ("shuffled lines", lambda: "\n".join(rng.sample(lines, len(lines)))),
        ("long wildcard pattern", lambda: text + "黑A" + "*" * 5000 + "1,slow,high\n" + "京" + "?" * 20 + ",never,high\n"),
    ]
    return options[index % len(options)]


def labels_mutations(rng, text, index):
    lines = lines_of(text)
    options = [
        ("NaN/inf numbers", lambda: numbers_replaced(rng, lines, NONFINITE_TSV)),
        ("huge and negative numbers", lambda: numbers_replaced(rng, lines, ["1e300", "-1e300", "-5", "99999999", "1e18", "-0"])),
        ("NUL byte", lambda: insert_line_char(rng, lines, "\0")),
        ("invalid UTF-8", None),
        ("10 MB of rows", lambda: lines[0] + "\n" + "\n".join(lines[1 + i % (len(lines) - 2)] for i in range(200_000)) + "\n"),
        ("header only", lambda: lines[0] + "\n"),
        ("missing columns", lambda: "\n".join("\t".join(l.split("\t")[:rng.randint(0, 5)]) for l in lines)),
        ("missing and odd files", lambda: text + "\n".join(f"{f}\t京FK5358\t蓝牌\t10\t10\t5\t5\t0" for f in
                                                             ["missing.jpg", ".", "/dev/null", "../README.md", "labels.tsv"]) + "\n"),
        ("shuffled lines", lambda: "\n".join(rng.sample(lines, len(lines)))),
        ("zero-size plates", lambda: numbers_replaced(rng, lines, ["0"])),
        ("10 MB of rows, each another photo", lambda: lines[0] + "\n" + "".join(
            f"missing-{i}.jpg\t京FK5358\t蓝牌\t10\t10\t5\t5\t0\n" for i in range(250_000))),
    ]
    return options[index % len(options)]


def numbers_replaced(rng, lines, values):
    out = [lines[0]]
    for line in lines[1:]:
        fields = line.split("\t")
        for i in range(3, len(fields)):
            if re.fullmatch(r"-?\d+(\.\d+)?", fields[i]) and rng.random() < 0.5:
                fields[i] = rng.choice(values)
        out.append("\t".join(fields))
    return "\n".join(out)


def text_bytes(rng, mutation, text):
    """Encodes the mutated text; `None` means: invalid UTF-8 bytes inserted into the original."""
    name, make = mutation
    if make is None:
        data = bytearray(text.encode())
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(data))
            data[at:at] = rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe9", b"\xf8\x88\x80\x80\x80", b"\xc0\xaf"])
        return bytes(data), name
    return make().encode("utf-8", "surrogatepass"), name


# ---------------------------------------------------------------- the corpus


def entry(kind, path, mutation, args, env=None):
    return {"kind": kind, "file": str(path), "mutation": mutation, "args": args, "env": env or {}}


ARGS = {
    "video": ["analyze", "{file}", "--db", "{db}", "--json"],
    "photo": ["watchlist", "add-face", "--name", "Fuzz", "--list", "fuzz", "{file}", "--db", "{db}"],
    "dispatch": ["dispatch", "drill", "--config", "{file}", "--db", "{db}", "--camera", "gate-1", "--location",
                 "45.76,126.65", "--subject", "黑A12345", "--deliver-for", "1"],
    "serve": ["config", "check", "{file}"],
    "hotlist": ["watchlist", "import-plates", "{file}", "--db", "{db}"],
    "labels": ["bench", "plates", "{file}"],
}
SERVE_ENV = {"GATE1_PASSWORD": "fuzz", "GATE2_PASSWORD": "fuzz", "EAGLE_PASSWORD": "fuzz", "GB28181_PASSWORD": "fuzz"}


def binaries(rng, out, kind, bases, count):
    folder = out / (kind + "s")
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for i in range(count):
        base = bases[(i + i // len(BINARY)) % len(bases)]  # every mutation meets every base in turn
        data, mutation = damage(rng, base.read_bytes(), base.suffix.lower(), i)
        path = folder / f"{i:04d}-{base.stem}{base.suffix}"
        path.write_bytes(data)
        entries.append(entry(kind, path.relative_to(out), f"{base.name}: {mutation}", ARGS[kind]))
    return entries


def texts(rng, out, count):
    folder = out / "texts"
    folder.mkdir(parents=True, exist_ok=True)
    for photo in (FIXTURES / "plates").glob("*.jpg"):
        shutil.copy(photo, folder / photo.name)  # the labels files name them
    sources = {
        "dispatch": ((ROOT / "Examples/dispatch.yaml").read_text(), "yaml", yaml_mutations),
        "serve": ((ROOT / "Examples/sharpeyes.yaml").read_text(), "yaml", yaml_mutations),
        "hotlist": (hotlist_base(random.Random(0)), "csv", None),
        "labels": ((FIXTURES / "plates/labels.tsv").read_text(), "tsv", None),
    }
    entries = []
    for i in range(count):
        kind = list(sources)[i % len(sources)]
        text, suffix, yaml = sources[kind]
        index = i // len(sources)
        if yaml:
            data, mutation = yaml(rng, text, index)
            data = data.encode("utf-8", "surrogatepass")
        else:
            options = hotlist_mutations if kind == "hotlist" else labels_mutations
            data, mutation = text_bytes(rng, options(rng, text, index), text)
        if index >= 5 and rng.random() < 0.2 and len(data) < 1_000_000:  # the first rounds stay as designed
            data, more = flip(rng, data)
            mutation += ", then " + more
        path = folder / f"{i:04d}-{kind}.{suffix}"
        path.write_bytes(data)
        entries.append(entry(kind, path.relative_to(out), mutation, ARGS[kind], SERVE_ENV if kind == "serve" else None))
    return entries


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--videos", type=int, default=24)
    parser.add_argument("--photos", type=int, default=8)
    parser.add_argument("--texts", type=int, default=20)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    videos = [FIXTURES / "short_hamilton_clip.mp4"] + sorted((FIXTURES / "codecs").iterdir())
    photos = sorted(p for p in (FIXTURES / "faces").rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    random.Random(options.seed).shuffle(photos)  # PNG and JPEG, gallery and probes, in a small sample too
    options.out.mkdir(parents=True, exist_ok=True)
    entries = (binaries(rng, options.out, "video", videos, options.videos)
               + binaries(rng, options.out, "photo", photos, options.photos)
               + texts(rng, options.out, options.texts))
    with open(options.out / "manifest.jsonl", "w") as manifest:
        for item in entries:
            manifest.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(entries)} files in {options.out}")


if __name__ == "__main__":
    main()
