#!/usr/bin/env python3
"""Idle live-feed streams against a running `sharpeyes serve`: `/api/me` p50 with none, then with N streams held
open (or refused), and how many of the N were accepted (200), refused per token (429) or in all (503).

Usage: Benchmarks/sse_streams.py [--bin .build/debug/sharpeyes] [--streams 1000] [--tokens 125] [--requests 200]
It starts its own `serve` (one short file camera, not looped) on a free port with a fresh database, makes --tokens
community tokens and opens the streams round-robin over them, then stops the server.
"""
import argparse, os, socket, statistics, subprocess, sys, tempfile, time, http.client

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def token(binary, db, name, role="community"):
    out = subprocess.run([binary, "token", "create", "--db", db, "--role", role, "--name", name, "--grid", "A",
                          "--force", "worker-a"] if role == "community" else
                         [binary, "token", "create", "--db", db, "--role", role, "--name", name],
                         check=True, capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1]

def median_me(port, secret, count):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for _ in range(count):
        start = time.perf_counter()
        conn.request("GET", "/api/me", headers={"Authorization": f"Bearer {secret}"})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            sys.exit(f"/api/me answered {response.status}")
        times.append((time.perf_counter() - start) * 1000)
    conn.close()
    return statistics.median(times)

def open_stream(port, secret):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {secret}\r\n\r\n".encode())
    return s

def status_of(s):
    s.settimeout(30)
    data = b""
    while b"\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            return 0
        data += chunk
    return int(data.split(b" ")[1])

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=".build/debug/sharpeyes")
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--tokens", type=int, default=125)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="sse-streams-")
    db, port = os.path.join(work, "db.sqlite"), free_port()
    admin = token(args.bin, db, "bench-admin", role="admin")
    secrets = [token(args.bin, db, f"bench-{i}") for i in range(args.tokens)]
    clip = os.path.abspath("Fixtures/plates/slideshow.mp4")
    with open(os.path.join(work, "serve.yaml"), "w") as f:
        f.write(f"storage: {{database: {db}}}\nworkers: 1\nhttp: {{listen: 127.0.0.1:{port}}}\n"
                f"cameras:\n  - {{id: gate, kind: file, url: {clip}, stages: [motion]}}\n")
    server = subprocess.Popen([args.bin, "serve", "--config", os.path.join(work, "serve.yaml")],
                              stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "serve.log"), "w"))
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port)).close()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(3)  # the clip is analysed and ends
        idle = median_me(port, admin, args.requests)
        streams = [open_stream(port, secrets[i % len(secrets)]) for i in range(args.streams)]
        statuses = [status_of(s) for s in streams]
        time.sleep(2)
        busy = median_me(port, admin, args.requests)
        counts = {code: statuses.count(code) for code in sorted(set(statuses))}
        ticks = lambda: sum(int(x) for x in open(f"/proc/{server.pid}/stat").read().split(")")[1].split()[11:13])
        before, start = ticks(), time.time()
        time.sleep(10)
        cpu = (ticks() - before) / os.sysconf("SC_CLK_TCK") / (time.time() - start) * 100
        print(f"/api/me p50: {idle:.2f} ms with no stream, {busy:.2f} ms with {args.streams} stream requests "
              f"held ({counts}); serve CPU while they idle: {cpu:.1f}% of a core")
        for s in streams:
            s.close()
    finally:
        server.terminate()
        server.wait()

if __name__ == "__main__":
    main()
