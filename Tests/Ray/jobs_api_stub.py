#!/usr/bin/env python3
"""A stand-in for a Ray dashboard's Jobs API, answering as Ray 2.60 does, for RayDashboard's tests.

    python3 jobs_api_stub.py --state DIR --port 0 [--token TOKEN]

Writes the port it listens on (127.0.0.1) to DIR/port once it accepts connections, and exits
by itself once the process that started it is gone. Replies
copy the shapes, statuses and content types of the real server (docs: the Jobs API probe):

  GET  /api/version                 {"version": "4", "ray_version": ...}
  GET  /api/packages/gcs/NAME       200 empty when stored, else 404 text/plain
  PUT  /api/packages/gcs/NAME       stores the raw body in DIR/packages/NAME; 200 empty;
                                    another protocol gets 500 with a traceback
  POST /api/jobs/                   {"job_id": SID, "submission_id": SID}; the body is kept in
                                    DIR/jobs/SID.json; a missing entrypoint or an unknown key
                                    gets 400, a duplicate submission_id 500, both with tracebacks
  GET  /api/jobs/ID                 JobDetails of a finished job; 404 text/plain for another id
  GET  /api/jobs/ID/logs            {"logs": "..."}
  POST /api/jobs/ID/stop            {"stopped": false} (the job has ended)

With --token, every route needs `Authorization: Bearer TOKEN` (or `X-Ray-Authorization`):
none gets 401, another token 403. Like Ray's CSRF middleware, a browser-looking request
(`User-Agent: Mozilla...`, `Origin`, `Sec-Fetch-*`) with a method other than GET gets 403.

Every request appends one JSON line to DIR/requests.jsonl before it is answered: method, the
raw path, the headers (names lower-cased) and the body's size.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SUBMIT_FIELDS = {
    "entrypoint",
    "submission_id",
    "job_id",
    "runtime_env",
    "metadata",
    "entrypoint_num_cpus",
    "entrypoint_num_gpus",
    "entrypoint_memory",
    "entrypoint_resources",
    "entrypoint_label_selector",
}


def traceback(*lines: str) -> str:
    body = ["Traceback (most recent call last):", '  File "/ray/dashboard/modules/job/job_head.py", line 1, in x']
    return "\n".join(body + list(lines)) + "\n"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Python/3.11 aiohttp/3.9.5"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:
        pass

    # MARK: plumbing

    def reply(self, status: int, body: bytes | str | dict, content_type: str | None = None) -> None:
        if isinstance(body, dict):
            data, content_type = json.dumps(body).encode(), "application/json"
        elif isinstance(body, str):
            data, content_type = body.encode(), content_type or "text/plain; charset=utf-8"
        else:
            data = body
        self.send_response(status)
        if content_type and data:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        state = self.server.state  # type: ignore[attr-defined]
        with self.server.lock:  # type: ignore[attr-defined]
            with open(os.path.join(state, "requests.jsonl"), "a") as log:
                entry = {
                    "method": self.command,
                    "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body_size": len(body),
                }
                log.write(json.dumps(entry) + "\n")
        if not self.authorized():
            return
        browser = (self.headers.get("User-Agent") or "").startswith("Mozilla") or "Origin" in self.headers or any(
            k.lower().startswith("sec-fetch-") for k in self.headers.keys()
        )
        if browser and self.command != "GET":
            self.reply(403, "403: Forbidden")
            return
        self.route(body)

    def authorized(self) -> bool:
        token = self.server.token  # type: ignore[attr-defined]
        if token is None:
            return True
        given = self.headers.get("Authorization") or self.headers.get("X-Ray-Authorization")
        if not given:
            self.reply(401, "Unauthorized: Missing authentication token")
            return False
        if given != f"Bearer {token}":
            self.reply(403, "Forbidden: Invalid authentication token")
            return False
        return True

    do_GET = do_PUT = do_POST = do_DELETE = handle_any

    # MARK: routes

    def route(self, body: bytes) -> None:
        path = urllib.parse.urlsplit(self.path).path
        parts = [urllib.parse.unquote(p) for p in path.split("/")]
        state = self.server.state  # type: ignore[attr-defined]
        if self.command == "GET" and path == "/api/version":
            self.reply(
                200,
                {
                    "version": "4",
                    "ray_version": "2.60.0",
                    "ray_commit": "b7f4259e944bf6959f721b106adc366ddfa0c356",
                    "session_name": "session_2026-11-25_10-00-00_000000_1",
                },
            )
        elif len(parts) == 5 and parts[1:3] == ["api", "packages"]:
            self.package(parts[3], parts[4], body)
        elif path == "/api/jobs/" and self.command == "POST":
            self.submit(body)
        elif len(parts) >= 4 and parts[1:3] == ["api", "jobs"] and parts[3]:
            job_id, rest = parts[3], parts[4:]
            record = os.path.join(state, "jobs", job_id + ".json")
            if "/" in job_id or not os.path.exists(record):
                self.reply(404, f"Job {job_id} does not exist")
                return
            with open(record) as f:
                request = json.load(f)
            if rest == [] and self.command == "GET":
                self.reply(200, self.details(job_id, request))
            elif rest == ["logs"] and self.command == "GET":
                self.reply(200, {"logs": f"Running entrypoint for job {job_id}: {request['entrypoint']}\nline 2\n"})
            elif rest == ["stop"] and self.command == "POST":
                self.reply(200, {"stopped": False})
            else:
                self.reply(404, "404: Not Found")
        else:
            self.reply(404, "404: Not Found")

    def package(self, protocol: str, name: str, body: bytes) -> None:
        stored = os.path.join(self.server.state, "packages", name)  # type: ignore[attr-defined]
        if self.command == "GET":
            if protocol == "gcs" and os.path.exists(stored):
                self.reply(200, b"")
            else:
                self.reply(404, f"Package {protocol}://{name} does not exist")
        elif self.command == "PUT":
            if protocol != "gcs":
                self.reply(
                    500,
                    traceback(
                        "    raise RuntimeError(",
                        "RuntimeError: upload_package_to_gcs should not be called with a remote path.",
                    ),
                )
                return
            with open(stored, "wb") as f:
                f.write(body)
            self.reply(200, b"")
        else:
            self.reply(405, "405: Method Not Allowed")

    def submit(self, body: bytes) -> None:
        request = json.loads(body)
        unknown = sorted(set(request) - SUBMIT_FIELDS)
        if unknown:
            self.reply(
                400,
                traceback(f"TypeError: JobSubmitRequest.__init__() got an unexpected keyword argument '{unknown[0]}'"),
            )
            return
        if "entrypoint" not in request:
            self.reply(
                400,
                traceback(
                    "TypeError: JobSubmitRequest.__init__() missing 1 required positional argument: 'entrypoint'"
                ),
            )
            return
        with self.server.lock:  # type: ignore[attr-defined]
            self.server.counter += 1  # type: ignore[attr-defined]
            sid = request.get("submission_id") or f"raysubmit_{self.server.counter:016d}"  # type: ignore[attr-defined]
            record = os.path.join(self.server.state, "jobs", sid + ".json")  # type: ignore[attr-defined]
            if os.path.exists(record):
                self.reply(
                    500,
                    traceback(
                        "    raise ValueError(",
                        "ValueError: Job with submission_id " + sid + " already exists. "
                        "Please use a different submission_id.",
                        "",
                        "During handling of the above exception, another exception occurred:",
                        "",
                        traceback(
                            "ValueError: Job with submission_id " + sid + " already exists. "
                            "Please use a different submission_id."
                        ),
                    ),
                )
                return
            with open(record, "wb") as f:
                f.write(body)
        self.reply(200, {"job_id": sid, "submission_id": sid})

    def details(self, job_id: str, request: dict) -> dict:
        return {
            "type": "SUBMISSION",
            "job_id": None,
            "submission_id": job_id,
            "driver_info": None,
            "status": "SUCCEEDED",
            "entrypoint": request["entrypoint"],
            "message": "Job finished successfully.",
            "error_type": None,
            "start_time": 1795609894976,
            "end_time": 1795609898019,
            "metadata": request.get("metadata") or {},
            "runtime_env": request.get("runtime_env") or {},
            "driver_agent_http_address": "http://127.0.0.1:52365",
            "driver_node_id": "42461c39ed1bb2eac323d1c88ed648ec087f89aa58f7b78e4f02a3ba",
            "driver_exit_code": 0,
        }


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
    parser.add_argument("--token")
    args = parser.parse_args()
    # The test process may start this with SIGTERM blocked; it is how the test stops it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    watch_parent()
    for sub in ("packages", "jobs"):
        os.makedirs(os.path.join(args.state, sub), exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.state = args.state  # type: ignore[attr-defined]
    server.token = args.token  # type: ignore[attr-defined]
    server.lock = threading.Lock()  # type: ignore[attr-defined]
    server.counter = 0  # type: ignore[attr-defined]
    port_file = os.path.join(args.state, "port")
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
