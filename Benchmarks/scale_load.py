#!/usr/bin/env python3
"""Open-loop load on the history API: requests sent at a fixed rate whatever the answers' speed (each at its
planned moment, on a free keep-alive connection or a new one), so a slow server meets a growing queue, as a command
centre's operators would make it, instead of slowing the load down (wrk's closed loop). Each request's latency runs
from its planned moment to its last byte, so time spent waiting for a connection counts (no coordinated omission).

The requests are a seeded mix of history filters drawn from a seeded database (`sharpeyes dev seed`): sightings by
one to three cameras, by kind, by plate (exact, prefix and suffix wildcards, one unknown character, OCR-confusion
fuzz 1 and 2), incidents by camera, severity and status, plate trajectories; most with a time range of one hour to
two days; pages of 50, 100, 200 or 500. The same --seed gives the same requests, in the same order, for every
server measured.

Usage: scale_load.py --url http://127.0.0.1:8080 --token se_… --catalog seed.sqlite [--rate 200] [--duration 60]
                     [--warmup 5] [--seed 22] [--label NAME] [--out result.json]
Prints one summary line per kind of request and a total; --out writes the figures as JSON.
"""
import argparse
import asyncio
import json
import random
import sqlite3
import sys
import time
import urllib.parse
from datetime import datetime, timedelta, timezone


def catalog(path):
    """What the requests draw from: the cameras, busy plates, the seeded week."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    cameras = [row[0] for row in db.execute("SELECT id FROM camera WHERE id LIKE 'cam-%' ORDER BY id")]
    plates = [row[0] for row in db.execute(
        "SELECT label FROM sighting WHERE kind = 'plate' AND label IS NOT NULL GROUP BY label "
        "HAVING count(*) >= 5 ORDER BY count(*) DESC, label LIMIT 2000")]
    first, last = db.execute("SELECT min(firstSeen), max(firstSeen) FROM sighting").fetchone()
    db.close()
    parse = lambda text: datetime.fromisoformat(text[:19]).replace(tzinfo=timezone.utc)
    if not cameras or not plates:
        sys.exit(f"scale_load.py: {path} holds no cameras or plates: seed it with `sharpeyes dev seed`")
    return cameras, plates, parse(first), parse(last)


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def plan(count, seed, cameras, plates, first, last):
    """`count` (kind, path) pairs, drawn in order from one seeded generator."""
    rng = random.Random(seed)
    week = (last - first).total_seconds()

    def window():
        length = rng.uniform(3600, 2 * 86400)
        start = first + timedelta(seconds=rng.uniform(0, max(1, week - length)))
        return {"from": iso(start), "to": iso(start + timedelta(seconds=length))}

    def page(params):
        params["limit"] = rng.choice([50, 100, 200, 500])
        return params

    def plate_pattern():
        plate = rng.choice(plates)
        shape = rng.choice(["prefix", "suffix", "unknown"])
        if shape == "prefix":
            return plate[:4] + "*"
        if shape == "suffix":
            return "*" + plate[-4:]
        spot = rng.randrange(2, len(plate))
        return plate[:spot] + "?" + plate[spot + 1:]

    kinds = [
        ("cameras", 20, lambda: ("/api/sightings", page({"camera": ",".join(rng.sample(cameras, rng.randint(1, 3))), **window()}))),
        ("kind", 10, lambda: ("/api/sightings", page({"kind": rng.choice(["face", "motion", "plate"]), **window()}))),
        ("plate", 15, lambda: ("/api/sightings", page({"plate": rng.choice(plates)}))),
        ("wildcard", 10, lambda: ("/api/sightings", page({"plate": plate_pattern(), **window()}))),
        ("fuzzy", 10, lambda: ("/api/sightings", page({"plate": rng.choice(plates), "fuzzy": rng.choice([1, 2])}))),
        ("incidents", 15, lambda: ("/api/incidents", page({"camera": rng.choice(cameras), "severity": rng.choice(["high", "critical", "medium"]), **window()}))),
        ("open", 10, lambda: ("/api/incidents", page({"status": "open", **window()}))),
        ("trajectory", 10, lambda: (f"/api/plates/{urllib.parse.quote(rng.choice(plates))}/trajectory", window())),
    ]
    names = [kind[0] for kind in kinds]
    weights = [kind[1] for kind in kinds]
    makers = {kind[0]: kind[2] for kind in kinds}
    requests = []
    for _ in range(count):
        name = rng.choices(names, weights)[0]
        path, params = makers[name]()
        requests.append((name, path + "?" + urllib.parse.urlencode(params, safe=",*?")))
    return requests


class Connections:
    """Keep-alive connections to one server: a free one when there is one, else a new one."""

    def __init__(self, host, port):
        self.host, self.port, self.free, self.opened = host, port, [], 0

    async def take(self):
        if self.free:
            return self.free.pop()
        self.opened += 1
        return await asyncio.open_connection(self.host, self.port)

    def give(self, connection):
        self.free.append(connection)


async def get(connection, host, path, token):
    """One GET on a keep-alive connection; the status and the body's length."""
    reader, writer = connection
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {line.split(":", 1)[0].lower(): line.split(":", 1)[1].strip() for line in lines[1:] if ":" in line}
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
        return status, len(body)
    size = 0
    while headers.get("transfer-encoding", "").lower() == "chunked":
        length = int((await reader.readline()).strip().split(b";")[0], 16)
        await reader.readexactly(length + 2)
        size += length
        if length == 0:
            break
    return status, size


async def run(args, requests):
    url = urllib.parse.urlparse(args.url)
    pool = Connections(url.hostname, url.port or 80)
    results = []
    start = time.monotonic() + 0.5

    async def one(index, kind, path):
        planned = start + index / args.rate
        await asyncio.sleep(max(0, planned - time.monotonic()))
        status, error = 0, None
        try:
            connection = await pool.take()
            try:
                status, _ = await asyncio.wait_for(get(connection, url.netloc, path, args.token), args.timeout)
                pool.give(connection)
            except BaseException:
                connection[1].close()
                raise
        except Exception as exc:  # a refused or reset connection, a timeout: counted, the run goes on
            error = type(exc).__name__
        results.append((index, kind, time.monotonic() - planned, status, error))

    await asyncio.gather(*(one(index, kind, path) for index, (kind, path) in enumerate(requests)))
    for _, writer in pool.free:
        writer.close()
    return results, pool.opened


def percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def summarise(rows):
    latencies = [row[2] * 1000 for row in rows]
    return {
        "requests": len(rows),
        "failed": sum(1 for row in rows if row[4] or not 200 <= row[3] < 300),
        "p50_ms": percentile(latencies, 0.50), "p90_ms": percentile(latencies, 0.90),
        "p99_ms": percentile(latencies, 0.99), "max_ms": max(latencies, default=None),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--catalog", required=True, help="the seeded SQLite database the requests draw from")
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=5, help="seconds sent first at the same rate and not counted")
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--label", default="")
    parser.add_argument("--out")
    args = parser.parse_args()
    warm = int(args.warmup * args.rate)
    requests = plan(warm + int(args.duration * args.rate), args.seed, *catalog(args.catalog))
    began = time.monotonic()
    rows, opened = asyncio.run(run(args, requests))
    elapsed = time.monotonic() - began
    counted = [row for row in rows if row[0] >= warm]
    kinds = sorted({row[1] for row in counted})
    result = {
        "label": args.label, "rate": args.rate, "duration_s": args.duration, "warmup_s": args.warmup, "seed": args.seed,
        "connections_opened": opened, "sent_per_s": len(rows) / elapsed,
        "total": summarise(counted), "kinds": {kind: summarise([r for r in counted if r[1] == kind]) for kind in kinds},
        "errors": sorted({row[4] for row in counted if row[4]}),
        "statuses": sorted({row[3] for row in counted if row[3] and not 200 <= row[3] < 300}),
    }
    fmt = lambda v: "-" if v is None else f"{v:.1f}"
    for kind in kinds + ["total"]:
        s = result["kinds"].get(kind, result["total"])
        print(f"{args.label:10} {kind:11} {s['requests']:6} req  p50 {fmt(s['p50_ms']):>8} ms  p90 {fmt(s['p90_ms']):>8} ms  "
              f"p99 {fmt(s['p99_ms']):>8} ms  max {fmt(s['max_ms']):>8} ms  failed {s['failed']}")
    print(f"{args.label:10} {opened} connections opened; statuses {result['statuses'] or 'all 2xx'}; errors {result['errors'] or 'none'}")
    if args.out:
        with open(args.out, "w") as out:
            json.dump(result, out, indent=1)


if __name__ == "__main__":
    main()
