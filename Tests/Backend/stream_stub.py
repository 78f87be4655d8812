#!/usr/bin/env python3
"""Chunked and misbehaving responses for the HTTP module's response limit and stream tests.

    python3 stream_stub.py --state DIR --port 0

Writes the port it listens on (127.0.0.1) to DIR/port once it accepts connections, and exits
by itself once the process that started it is gone. Bodies are the pattern byte i = i % 251,
so a lost, repeated or reordered piece changes them.

  GET /bytes?size=N&chunk=C&status=S  status S (200), N bytes sent chunked, C (4096) per chunk
  GET /hold?first=N                   200, N bytes, then waits up to 20 s for the client to
                                      close the connection; if it does not, sends b"LATE" and
                                      ends the body
  GET /drop?size=N                    200, N bytes of a chunked body, then closes the
                                      connection without the final chunk
  GET /flaky?key=K&size=N             the first request for K gets 503 (Retry-After: 0, body
                                      "busy"), later ones 200 with N bytes

Every request appends one JSON line to DIR/requests.jsonl before it is answered (method and
raw path); /hold appends another, {"hold": true, "client_closed": bool}, once it knows.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import signal
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def pattern(size: int) -> bytes:
    return (bytes(range(251)) * (size // 251 + 1))[:size]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def record(self, entry: dict) -> None:
        with self.server.lock:  # type: ignore[attr-defined]
            with open(os.path.join(self.server.state, "requests.jsonl"), "a") as log:  # type: ignore[attr-defined]
                log.write(json.dumps(entry) + "\n")

    def start_chunked(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def end_chunked(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def send_chunked(self, status: int, data: bytes, size: int = 4096) -> None:
        self.start_chunked(status)
        for start in range(0, len(data), size):
            self.chunk(data[start : start + size])
        self.end_chunked()

    def do_GET(self) -> None:
        self.record({"method": self.command, "path": self.path})
        url = urllib.parse.urlsplit(self.path)
        query = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        size = int(query.get("size", "0"))
        if url.path == "/bytes":
            self.send_chunked(int(query.get("status", "200")), pattern(size), int(query.get("chunk", "4096")))
        elif url.path == "/hold":
            self.start_chunked(200)
            self.chunk(pattern(int(query["first"])))
            readable, _, _ = select.select([self.connection], [], [], 20)
            closed = bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
            self.record({"hold": True, "client_closed": closed})
            if closed:
                self.close_connection = True
                return
            self.chunk(b"LATE")
            self.end_chunked()
        elif url.path == "/drop":
            self.start_chunked(200)
            self.chunk(pattern(size))
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
        elif url.path == "/flaky":
            with self.server.lock:  # type: ignore[attr-defined]
                seen = self.server.seen  # type: ignore[attr-defined]
                first = query["key"] not in seen
                seen.add(query["key"])
            if first:
                self.send_response(503)
                self.send_header("Retry-After", "0")
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", "4")
                self.end_headers()
                self.wfile.write(b"busy")
            else:
                self.send_chunked(200, pattern(size))
        else:
            self.send_chunked(404, b"not found")


def watch_parent() -> None:
    """Exits once the process that started this one is gone (a test run that was killed),
    instead of serving forever."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--state", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    # The test process may start this with SIGTERM blocked; it is how the test stops it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    watch_parent()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.state = args.state  # type: ignore[attr-defined]
    server.lock = threading.Lock()  # type: ignore[attr-defined]
    server.seen = set()  # type: ignore[attr-defined]
    port_file = os.path.join(args.state, "port")
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
