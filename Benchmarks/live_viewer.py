#!/usr/bin/env python3
"""One viewer of a camera's live view (GET /api/cameras/{id}/live, a WebSocket), reading and dropping what it is sent
until killed: what a console tab costs the server, without a browser. Standard library only.

    python3 Benchmarks/live_viewer.py http://127.0.0.1:8080 cam0 TOKEN
"""
import base64
import os
import socket
import sys
from urllib.parse import urlparse


def main():
    base, camera, token = sys.argv[1:4]
    url = urlparse(base)
    sock = socket.create_connection((url.hostname, url.port or 80))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET /api/cameras/{camera}/live HTTP/1.1\r\nHost: {url.netloc}\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                  f"Sec-WebSocket-Protocol: bearer.{token}\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            sys.exit("live_viewer: the server closed before answering")
        head += chunk
    if not head.startswith(b"HTTP/1.1 101"):
        status = head.split(b"\r\n")[0].decode(errors="replace")
        sys.exit(f"live_viewer: {status}")
    received = 0
    while True:
        chunk = sock.recv(1 << 16)
        if not chunk:
            break
        received += len(chunk)
    print(f"live_viewer {camera}: {received} bytes, then closed", file=sys.stderr)


if __name__ == "__main__":
    main()
