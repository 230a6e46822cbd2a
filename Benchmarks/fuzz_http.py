#!/usr/bin/env python3
"""Hostile HTTP against a real `sharpeyes serve` on loopback: a seeded corpus of raw requests (broken framing,
chunked bodies, multipart, Expect, huge heads, NUL and control bytes, Unicode, traversal, slow and truncated
requests, pipelining, and every route as every role), sent over raw sockets a few at a time.

Each request is judged by what came back: a 5xx is a failure; so is a hang, a request left without an answer or a
close for more than --hang seconds after its last byte was sent (the server runs with 1 s head and body timeouts,
so a request the client leaves unfinished ends within that). After the run the server's file descriptors must be
back to their count before it (within --settle seconds) and its RSS within --rss-slack MiB of it.

Usage: fuzz_http.py --binary .build/debug/sharpeyes [--requests 10000] [--seed 27] [--jobs 8] [--json result.json]
Exit status 0 when every check held, 1 otherwise (the failures are listed), 2 when the server could not be run.
Only loopback addresses are used; every loop is bounded in count and time.
"""
import argparse
import concurrent.futures
import json
from collections import Counter
import os
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROLES = ["admin", "investigator", "dispatcher", "patrol", "community"]
CALLERS = ROLES + ["none", "bogus"]
# Every route of the server, with placeholders the corpus fills in.
ROUTES = [
    ("GET", "/health"), ("GET", "/"), ("GET", "/console/index.html"), ("GET", "/openapi.yaml"), ("GET", "/metrics"),
    ("GET", "/api/me"), ("GET", "/api/cameras"), ("GET", "/api/cameras/{camera}"), ("GET", "/api/incidents"),
    ("GET", "/api/incidents/{id}"), ("GET", "/api/incidents.csv"), ("GET", "/api/incidents.json"),
    ("GET", "/api/sightings"), ("GET", "/api/sightings/{id}"), ("GET", "/api/sightings/{id}/snapshot.jpg"),
    ("GET", "/api/sightings/{id}/crop.jpg"), ("GET", "/api/plates/{plate}/trajectory"),
    ("GET", "/api/identities/{id}/trajectory"), ("GET", "/api/orders"), ("POST", "/api/orders/{order}/ack"),
    ("POST", "/api/orders/{order}/on-scene"), ("POST", "/api/orders/{order}/resolve"), ("GET", "/api/events"),
    ("GET", "/api/watchlists/faces"), ("POST", "/api/watchlists/faces"), ("DELETE", "/api/watchlists/faces/{id}"),
    ("GET", "/api/watchlists/plates"), ("POST", "/api/watchlists/plates"), ("POST", "/api/watchlists/plates/import"),
    ("DELETE", "/api/watchlists/plates/{plate}"), ("POST", "/api/search/face"), ("GET", "/api/audit"),
]
CRLF = "\r\n"


class Case:
    """One hostile exchange: the chunks to send (with a pause after each), and how to read the answer."""

    def __init__(self, kind, chunks, pauses=None, expect_continue=False, head_only=False, due=1):
        self.kind = kind
        self.due = due  # answers to read (pipelined requests)
        self.chunks = [c.encode("utf-8", "surrogateescape") if isinstance(c, str) else c for c in chunks]
        self.pauses = pauses or [0.0] * len(self.chunks)
        self.expect_continue = expect_continue  # the last chunk (the body) waits for 100 Continue or an answer
        self.head_only = head_only  # a HEAD request: no body follows the answer's head

    def summary(self):
        """The request's start, its token secret left out."""
        return re.sub(r"Bearer se_\S+", "Bearer se_…", self.chunks[0][:160].decode("latin-1"))


class Corpus:
    """Builds the cases from a seed, the tokens and a few ids the server's database holds."""

    def __init__(self, seed, tokens, ids):
        self.random = random.Random(seed)
        self.tokens = tokens
        self.ids = ids

    # -- pieces --
    def auth(self, caller):
        if caller == "none":
            return []
        if caller == "bogus":
            return ["Authorization: Bearer se_" + "x" * self.random.randint(1, 60)]
        return [f"Authorization: Bearer {self.tokens[caller]}"]

    def fill(self, path):
        r = self.random
        return (path.replace("{camera}", r.choice(self.ids["cameras"] + ["nope", "%E4%B8%AD", "a" * 300]))
                .replace("{id}", r.choice(self.ids["incidents"] + ["0", "-1", "99999999999999999999", "x"]))
                .replace("{plate}", r.choice(self.ids["plates"] + ["%E9%BB%91A12345", "A*", "%3B--"]))
                .replace("{order}", r.choice(self.ids["orders"] + ["00000000-0000-0000-0000-000000000000", "x"])))

    def request(self, method, path, headers=(), body=b"", caller=None, version="HTTP/1.1", length=True):
        caller = caller or self.random.choice(CALLERS)
        body = body.encode() if isinstance(body, str) else body
        lines = [f"{method} {path} {version}", "Host: 127.0.0.1"] + self.auth(caller) + list(headers)
        if length and body and not any(h.lower().startswith(("content-length", "transfer-encoding")) for h in headers):
            lines.append(f"Content-Length: {len(body)}")
        return (CRLF.join(lines) + CRLF + CRLF).encode("utf-8", "surrogateescape") + body

    def json_body(self):
        r = self.random
        return r.choice(['{"plate":"AB12345","reason":"fuzz"}', '{"plate":"京A12345","reason":"x","severity":"bogus"}',
                         '{"note":"' + "n" * r.randint(0, 3000) + '"}', "{", "[]", "null", '{"plate":"\\u0000"}',
                         '{"plate":1e999}', "\x00\x01\x02", '{"a":' * 200 + "1" + "}" * 200])

    def multipart(self, boundary, parts=1, photo=True):
        body = ""
        for index in range(parts):
            body += f"--{boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nfuzz {index}\r\n"
        if photo:
            body += f"--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n" \
                    "Content-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xe0 not a jpeg\r\n"
        return (body + f"--{boundary}--\r\n").encode("utf-8", "surrogateescape")

    # -- categories --
    def route_role(self, method=None, path=None, caller=None):
        if method is None:
            method, path = self.random.choice(ROUTES)
        path = self.fill(path)
        body, headers = b"", []
        if method == "POST" and "watchlists/plates" in path and not path.endswith("import"):
            body, headers = self.json_body().encode("utf-8", "surrogateescape"), ["Content-Type: application/json"]
        elif method == "POST" and path.endswith("import"):
            body, headers = "AB12345,fuzz\n京B99999,x,high,hotlist\n,,,\n".encode(), ["Content-Type: text/csv"]
        elif method == "POST" and ("faces" in path or "search" in path):
            body, headers = self.multipart("fuzzb"), ["Content-Type: multipart/form-data; boundary=fuzzb"]
        return Case("route-role", [self.request(method, path, headers, body, caller=caller)])

    def framing(self):
        r = self.random
        path = self.fill(r.choice(ROUTES)[1])
        variants = [
            f"GET {path}\r\n\r\n", f"GET {path} HTTP/9.9\r\nHost: x\r\n\r\n", f"G\tET {path} HTTP/1.1\r\n\r\n",
            f"BREW {path} HTTP/1.1\r\nHost: x\r\n\r\n", f"get {path} HTTP/1.1\r\nHost: x\r\n\r\n",
            f"GET http://127.0.0.1{path} HTTP/1.1\r\nHost: x\r\n\r\n", f"GET {path} HTTP/1.1\nHost: x\n\n",
            f"GET {path} HTTP/1.1\r\nHost: x\r\n folded: value\r\n\r\n", f"GET {path} HTTP/1.1\r\nNoColon\r\n\r\n",
            f"GET {path} HTTP/1.1\r\nHost : x\r\n\r\n", "\r\n\r\n\r\n", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello!!",
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\nabc",
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly-this",  # the rest never comes
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000000\r\n\r\n",
            f"GET {path} HTTP/1.0\r\n\r\n", f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            f"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", f"CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n",
            f"HEAD {path} HTTP/1.1\r\nHost: x\r\n\r\n", f"TRACE {path} HTTP/1.1\r\nHost: x\r\n\r\n",
        ]
        text = r.choice(variants)
        return Case("framing", [text], head_only=text.startswith("HEAD"))

    def chunked(self):
        r = self.random
        path = r.choice(["/api/watchlists/plates", "/api/watchlists/plates/import", "/api/orders/x/ack", "/api/search/face",
                         "/api/watchlists/faces", "/health", "/api/me"])
        bodies = ["zz\r\nabc\r\n0\r\n\r\n", "-1\r\nabc\r\n0\r\n\r\n", "ffffffffffffffffff\r\nabc\r\n0\r\n\r\n",
                  "3\r\nabcdef\r\n0\r\n\r\n", "3\r\nab", "3;ext=1\r\nabc\r\n0\r\n\r\n", "3\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\n",
                  "3\nabc\n0\n\n", "0\r\n", "5\r\n{}\r\n\r\n0\r\n\r\n", "\r\n\r\n", "3 \r\nabc\r\n0\r\n\r\n",
                  "1\r\n{\r\n1\r\n}\r\n0\r\n\r\n", "10\r\n" + "a" * 16 + "\r\n" * 3]
        te = r.choice(["chunked", "Chunked", "chunked, gzip", "gzip, chunked", "chunked\x00", " chunked"])
        headers = [f"Transfer-Encoding: {te}", r.choice(["Content-Type: application/json", "Content-Type: text/csv",
                                                          "Content-Type: multipart/form-data; boundary=b"])]
        head = self.request("POST", path, headers, caller=r.choice(["admin", "investigator", "none"]), length=False)
        return Case("chunked", [head + r.choice(bodies).encode()])

    def multipart_case(self):
        r = self.random
        path = r.choice(["/api/watchlists/faces", "/api/search/face"])
        boundary = r.choice(["grenzé", "границa", "中文", "b" * 71, "", "\"quoted\"", "a b ", "ok", "x\x01y", "--", "=?;"])
        body_boundary = r.choice([boundary, "other"])
        body = self.multipart(body_boundary, parts=r.randint(0, 30), photo=r.random() < 0.7)
        if r.random() < 0.2:
            body = body[: r.randint(0, len(body))]
        header = r.choice([f"Content-Type: multipart/form-data; boundary={boundary}", "Content-Type: multipart/form-data",
                           f"Content-Type: multipart/form-data; boundary=\"{boundary}\"; charset=utf-8",
                           f"Content-Type: multipart/mixed; boundary={boundary}"])
        caller = r.choice(["admin", "investigator", "none", "community"])
        if r.random() < 0.4:
            head = self.request("POST", path, [header, "Expect: 100-continue", f"Content-Length: {len(body)}"], caller=caller)
            return Case("multipart", [head, body], expect_continue=True)
        return Case("multipart", [self.request("POST", path, [header], body, caller=caller)])

    def expect(self):
        r = self.random
        method, path = r.choice([("POST", "/api/watchlists/plates"), ("POST", "/api/watchlists/plates/import"),
                                 ("POST", "/api/watchlists/faces"), ("POST", "/api/orders/x/ack"), ("GET", "/api/me")])
        body = self.json_body().encode("utf-8", "surrogateescape")
        expectation = r.choice(["100-continue", "100-Continue", "200-ok", "100-continue, foo"])
        caller = r.choice(["admin", "none", "bogus", "patrol"])
        head = self.request(method, path, [f"Expect: {expectation}", "Content-Type: application/json",
                                           f"Content-Length: {len(body)}"], caller=caller)
        if r.random() < 0.25:  # announces a body and never sends it
            return Case("expect", [head])
        return Case("expect", [head, body], expect_continue=True)

    def huge(self):
        r = self.random
        size = r.choice([81 * 1024, 200 * 1024, 1 << 20])
        variants = [
            lambda: f"GET /{'a' * size} HTTP/1.1\r\nHost: x\r\n\r\n",
            lambda: f"GET /api/me HTTP/1.1\r\nHost: x\r\nCookie: {'c' * size}\r\n\r\n",
            lambda: "GET /api/me HTTP/1.1\r\nHost: x\r\n" + "".join(f"X-{i}: v\r\n" for i in range(r.choice([999, 1001, 3000]))) + "\r\n",
            lambda: f"GET /api/incidents?plate={'%41' * (size // 3)} HTTP/1.1\r\nHost: x\r\n\r\n",
            lambda: f"GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {'s' * size}\r\n\r\n",
            lambda: "GET /api/me HTTP/1.1\r\nHost: x\r\n" + f"X-Long: {'v' * (79 * 1024)}\r\n\r\n",
        ]
        return Case("huge-head", [r.choice(variants)()])

    def nul(self):
        r = self.random
        target = r.choice(["/console/index.html%00.png", "/console/app.js%00", "/api/incidents?severity=high%00",
                           "/api/incidents?camera=%00", "/api/sightings?plate=AB%00", "/health%00", "/%00",
                           "/console/%0d%0aSet-Cookie:%20x=1", "/api/cameras/%00%00", "/console/index.html%1b",
                           "/api/watchlists/plates/%00", "/api/audit?actor=%00", "/console/index.html\x00.png"])
        headers = r.choice([[], ["X-Nul: a\x00b"], ["Cookie: \x00"], ["Accept: \x7f"]])
        return Case("nul", [self.request("GET", target, headers, caller=r.choice(["admin", "none"]))])

    def unicode(self):
        r = self.random
        target = r.choice(["/api/plates/%E9%BB%91A12345/trajectory", "/api/plates/%C0%AE%C0%AE/trajectory",
                           "/api/incidents?camera=%FF%FE", "/api/incidents?subject=%E2%80%AEevil", "/console/%F0%9F%98%80.js",
                           "/api/cameras/%EF%BC%A1", "/api/incidents?plate=%ED%A0%80", "/api/sightings?plate=京A12345",
                           "/console/ｉｎｄｅｘ.html", "/api/me?x=%F4%90%80%80", "/api/watchlists/plates/%E4%BA%ACA*"])
        headers = r.choice([[], ["X-Name: 京A"], ["Accept-Language: zh-CN,\xe4\xb8\xad"], ["X-Emoji: 😀"]])
        return Case("unicode", [self.request("GET", target, headers, caller=r.choice(ROLES))])

    def traversal(self):
        r = self.random
        target = r.choice(["/console/../../etc/passwd", "/console/..%2f..%2fetc%2fpasswd", "/console/%2e%2e/%2e%2e/Package.swift",
                           "/console/%252e%252e/%252e%252e/etc/passwd", "/console/..\\..\\etc\\passwd",
                           "/console//etc/passwd", "/console/./index.html", "/console/css/../../openapi.yaml",
                           "/console/%2e%2e%5c%2e%2e%5cetc%5cpasswd", "/api/sightings/..%2F..%2Fetc%2Fpasswd/snapshot.jpg",
                           "/console/....//....//etc/passwd", "//etc/passwd", "/console/%C0%AE%C0%AE/%C0%AE%C0%AE/etc/passwd"])
        method = r.choice(["GET", "HEAD"])
        return Case("traversal", [self.request(method, target, caller=r.choice(["none", "admin"]))], head_only=method == "HEAD")

    def slow(self):
        r = self.random
        head = self.request("POST", "/api/watchlists/plates", ["Content-Type: application/json", "Content-Length: 40"],
                            caller=r.choice(["admin", "none"]))
        if r.random() < 0.5:  # a head that stops half-way, sent in a few pieces
            cut = r.randint(5, len(head) - 5)
            pieces = [head[: cut // 3], head[cut // 3: cut * 2 // 3], head[cut * 2 // 3: cut]]
            return Case("slow", pieces, pauses=[0.25, 0.25, 0.0])
        return Case("slow", [head, b'{"plate":'], pauses=[0.2, 0.0])  # a body that stops half-way

    def pipelined(self):
        r = self.random
        first = self.request("GET", "/health", caller="none")
        second = r.choice([self.request("GET", "/api/me", caller="admin"), b"GARBAGE\r\n\r\n",
                           self.request("GET", "/console/index.html%00.png", caller="none")])
        return Case("pipelined", [first + second], due=2)

    def cases(self, count):
        """Every route as every caller (when `count` leaves room for the hostile categories, else a sample of a quarter
        of it), and the hostile categories at random for the rest, in a seeded order."""
        matrix = [(m, p, c) for m, p in ROUTES for c in CALLERS]
        if count < 2 * len(matrix):
            matrix = self.random.sample(matrix, count // 4)
        cases = [self.route_role(method, path, caller) for method, path, caller in matrix]
        makers = [(self.framing, 14), (self.chunked, 12), (self.multipart_case, 12), (self.expect, 10), (self.huge, 6),
                  (self.nul, 10), (self.unicode, 10), (self.traversal, 10), (self.slow, 4), (self.pipelined, 4),
                  (self.route_role, 8)]
        weights = [w for _, w in makers]
        cases += [self.random.choices(makers, weights)[0][0]() for _ in range(count - len(cases))]
        self.random.shuffle(cases)
        return cases


class Answer:
    def __init__(self):
        self.statuses = []  # every final status, in order (pipelined requests get several)
        self.closed = False  # the server closed or reset the connection
        self.waited = 0.0  # seconds from the last byte sent to the end of the exchange
        self.complete = False  # the exchange ended (answers read to the end, or a close)


def read_answers(sock, deadline, case, answer, on_interim=None):
    """Reads responses until the server closes, or until a response is complete and nothing more is due."""
    buffer = b""
    while time.monotonic() < deadline:
        head_end = buffer.find(b"\r\n\r\n")
        if head_end >= 0:
            lines = buffer[:head_end].decode("latin-1").split("\r\n")
            parts = lines[0].split(" ")
            status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
            rest = buffer[head_end + 4:]
            if 100 <= status < 200:
                buffer = rest
                if on_interim:
                    on_interim()
                    on_interim = None
                continue
            if on_interim:  # a final answer before any 100 Continue: the body is not sent
                on_interim = None
            if headers.get("content-type", "").startswith("text/event-stream"):
                answer.statuses.append(status)
                answer.complete = True
                return
            length = 0 if case.head_only or status in (204, 304) else headers.get("content-length")
            if length is not None and len(rest) >= int(length):
                answer.statuses.append(status)
                buffer = rest[int(length):]
                if len(answer.statuses) >= case.due:
                    answer.complete = True
                    return
                continue
            if "chunked" in headers.get("transfer-encoding", "") and rest.endswith(b"0\r\n\r\n"):
                answer.statuses.append(status)
                answer.complete = True
                return
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            data = sock.recv(65536)
        except socket.timeout:
            break
        except OSError:
            data = b""
        if not data:
            answer.closed = True
            answer.complete = True
            if buffer.startswith(b"HTTP/"):
                parts = buffer.split(b" ", 2)
                answer.statuses.append(int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0)
            return
        buffer += data


def run_case(port, case, limit):
    """Sends a case and reads its answers; gives up `limit` seconds after the last byte was sent."""
    answer = Answer()
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            for index, (chunk, pause) in enumerate(zip(case.chunks, case.pauses)):
                last = index == len(case.chunks) - 1
                if last and case.expect_continue:
                    sent = []
                    read_answers(sock, time.monotonic() + limit, case, answer,
                                 on_interim=lambda: (sock.sendall(chunk), sent.append(time.monotonic())))
                    answer.waited = time.monotonic() - (sent[0] if sent else started)
                    return answer
                try:
                    sock.sendall(chunk)
                except OSError:
                    break  # the server stopped reading (a huge head refused): its answer is read below
                time.sleep(pause)
            sent_at = time.monotonic()
            read_answers(sock, sent_at + limit, case, answer)
            answer.waited = time.monotonic() - sent_at
    except OSError:
        answer.closed = answer.complete = True
    return answer


def slowloris(port, count, seconds):
    """`count` connections that each send a partial head and then a byte every 0.5 s: how many the server has
    closed within `seconds` of the last one opening (all of them, with a 1 s head timeout), and the longest any
    stayed open."""
    sockets, opened = [], {}
    for _ in range(count):
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            sock.setblocking(False)
            opened[sock] = time.monotonic()
            sockets.append([sock, None])
        except OSError:
            break
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(closed is None for _, closed in sockets):
        for entry in sockets:
            if entry[1] is not None:
                continue
            try:
                if entry[0].recv(4096) == b"":
                    entry[1] = time.monotonic() - opened[entry[0]]
                    continue
            except BlockingIOError:
                pass
            except OSError:
                entry[1] = time.monotonic() - opened[entry[0]]
                continue
            try:
                entry[0].send(b"a")
            except OSError:
                entry[1] = time.monotonic() - opened[entry[0]]
        time.sleep(0.5)
    closed = [at for _, at in sockets if at is not None]
    for sock, _ in sockets:
        sock.close()
    return {"opened": len(sockets), "closed_by_server": len(closed), "longest_open_s": round(max(closed, default=0), 1)}


def fd_targets(pid):
    targets = []
    for name in os.listdir(f"/proc/{pid}/fd"):
        try:
            targets.append(os.readlink(f"/proc/{pid}/fd/{name}"))
        except OSError:
            pass
    return sorted(targets)


def proc_figures(pid):
    """Descriptors (not counting the database's: its pool opens a bounded number of readers when it needs them) and
    RSS in MiB."""
    fds = sum(1 for target in fd_targets(pid) if ".sqlite" not in target)
    rss = next(int(line.split()[1]) for line in open(f"/proc/{pid}/status") if line.startswith("VmRSS:"))
    return fds, rss // 1024


def create_tokens(binary, db):
    tokens = {}
    extra = {"patrol": ["--force", "patrol-9"], "community": ["--grid", "G1", "--force", "patrol-9"]}
    for role in ROLES:
        out = subprocess.run([binary, "token", "create", "--db", db, "--role", role, "--name", f"fuzz-{role}",
                              *extra.get(role, [])], capture_output=True, text=True, timeout=60, check=True).stdout
        tokens[role] = out.strip().splitlines()[-1]
    return tokens


def database_ids(db):
    import sqlite3
    with sqlite3.connect(db) as connection:
        def column(sql):
            return [str(row[0]) for row in connection.execute(sql)]
        return {"cameras": column("SELECT id FROM camera LIMIT 3") or ["cam-001"],
                "incidents": column("SELECT id FROM incident LIMIT 3") or ["1"],
                "plates": column("SELECT label FROM sighting WHERE kind = 'plate' AND label IS NOT NULL LIMIT 3") or ["AB12345"],
                "orders": column("SELECT id FROM dispatchOrder LIMIT 3") or ["00000000-0000-0000-0000-000000000001"]}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def end_with_parent():
    """In the child before exec: SIGTERM when this driver dies, even killed (a test's timeout), so no server is left
    holding its port."""
    import ctypes
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_server(binary, directory, db, timeouts=True):
    port = free_port()
    config = directory / "sharpeyes.yaml"
    limits = ", timeouts: {head: 1, body: 1, idle: 5}" if timeouts else ""
    config.write_text(f"""storage: {{database: {db}, snapshots: {directory / "snapshots"}}}
workers: 1
http: {{listen: "127.0.0.1:{port}"{limits}}}
cameras: []
forces:
  - {{id: patrol-9, name: Patrol 9, type: patrol, position: [45.760, 126.650]}}
""", encoding="utf-8")
    log = open(directory / "serve.log", "ab")
    process = subprocess.Popen([binary, "serve", "--config", str(config)], stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, preexec_fn=end_with_parent)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"serve did not answer /health within 60 s: {(directory / 'serve.log').read_text()[-2000:]}")


def settle(pid, baseline_fds, seconds):
    """Waits (bounded) for the descriptor count to come back to the baseline; returns the last figures."""
    deadline = time.monotonic() + seconds
    figures = proc_figures(pid)
    while figures[0] > baseline_fds and time.monotonic() < deadline:
        time.sleep(0.25)
        figures = proc_figures(pid)
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=27)
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--hang", type=float, default=2.0, help="seconds after the last byte sent")
    parser.add_argument("--settle", type=float, default=15.0, help="seconds for descriptors to come back")
    parser.add_argument("--rss-slack", type=int, default=64, help="MiB of RSS growth allowed")
    parser.add_argument("--slowloris", type=int, default=0, help="connections that trickle a head, after the corpus")
    parser.add_argument("--no-timeouts", action="store_true", help="leave http.timeouts out (builds before it)")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # the slowloris phase holds many sockets (here and in serve)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 8192)), hard))

    directory = Path(tempfile.mkdtemp(prefix="sharpeyes-fuzz-http-"))
    db = str(directory / "sharpeyes.sqlite")
    try:
        subprocess.run([args.binary, "dev", "seed", "--db", db, "--cameras", "5", "--sightings", "300", "--incidents", "30",
                        "--days", "1"], capture_output=True, timeout=300, check=True)
        tokens = create_tokens(args.binary, db)
        server, port = start_server(Path(args.binary).resolve(), directory, db, timeouts=not args.no_timeouts)
    except (subprocess.SubprocessError, RuntimeError, OSError) as error:
        print(f"fuzz_http: could not start the server: {error}", file=sys.stderr)
        return 2
    try:
        return fuzz(args, server, port, tokens, database_ids(db), directory)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()


def fuzz(args, server, port, tokens, ids, directory):
    corpus = Corpus(args.seed, tokens, ids)
    # Warm up, as many at once as the run: what the server opens on first use (database readers, files) is not a leak.
    warm = [Corpus(0, tokens, ids).route_role(method, path, "admin") for method, path in ROUTES * 2]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        list(pool.map(lambda case: run_case(port, case, args.hang), warm))
    time.sleep(1)
    base_fds, base_rss = proc_figures(server.pid)
    base_targets = fd_targets(server.pid)
    cases = corpus.cases(args.requests)
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        answers = list(pool.map(lambda case: run_case(port, case, args.hang + 3), cases))
    elapsed = time.monotonic() - started
    trickled = slowloris(port, args.slowloris, 10) if args.slowloris else None
    alive = server.poll() is None
    fds, rss = settle(server.pid, base_fds, args.settle) if alive else (None, None)
    new_targets = list((Counter(fd_targets(server.pid)) - Counter(base_targets)).elements()) if alive else []
    new_targets = [target for target in new_targets if ".sqlite" not in target]

    statuses, kinds, failures = {}, {}, []
    for case, answer in zip(cases, answers):
        kinds[case.kind] = kinds.get(case.kind, 0) + 1
        for status in answer.statuses:
            statuses[str(status)] = statuses.get(str(status), 0) + 1
        if not answer.statuses:
            statuses["closed" if answer.closed else "none"] = statuses.get("closed" if answer.closed else "none", 0) + 1
        if any(status >= 500 for status in answer.statuses):
            failures.append(("5xx", case.kind, answer.statuses, case.summary()))
        if not answer.complete or answer.waited > args.hang:
            failures.append((f"hang {answer.waited:.1f} s", case.kind, answer.statuses, case.summary()))
    waits = sorted(answer.waited for answer in answers)
    result = {
        "requests": len(cases), "seed": args.seed, "jobs": args.jobs, "seconds": round(elapsed, 1), "kinds": kinds,
        "statuses": dict(sorted(statuses.items())),
        "5xx": sum(1 for f in failures if f[0] == "5xx"), "hangs": sum(1 for f in failures if f[0].startswith("hang")),
        "wait_p50_ms": round(waits[len(waits) // 2] * 1000, 1), "wait_p99_ms": round(waits[int(len(waits) * 0.99)] * 1000, 1),
        "wait_max_ms": round(waits[-1] * 1000, 1),
        "fds": {"before": base_fds, "after": fds, "new": new_targets[:20]}, "rss_mib": {"before": base_rss, "after": rss},
        "slowloris": trickled, "server_alive": alive,
        "failure_kinds": dict(Counter(f"{what.split()[0]} {kind}: {request.splitlines()[0][:80]}"
                                      for what, kind, _, request in failures).most_common(20)),
        "failures": failures[:20],
    }
    ok = alive and not failures and fds is not None and fds <= base_fds and rss - base_rss <= args.rss_slack
    ok = ok and (trickled is None or trickled["closed_by_server"] == trickled["opened"])
    result["passed"] = ok
    text = json.dumps(result, indent=1, ensure_ascii=False)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    if not ok:
        print(f"fuzz_http: FAILED (server log: {directory / 'serve.log'})", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
