#!/usr/bin/env python3
"""A small stand-in for the Synapse backend, for end-to-end tests and benchmarks.

Protocol (HTTP/1.1 on 127.0.0.1, optionally TLS):

  POST /plugin_releases/   multipart/form-data with the parts plugin, version,
                           config (a JSON object), debug and file, in any order.
                           Authenticated by `Synapse-Access-Token: Token <TOKEN>`,
                           or with --user-token by `Authorization: Token <UT>`
                           (plus `Synapse-Tenant: Token <T>` when --tenant is set).
                           201 {"id", "plugin", "version", "checksum" (md5 of the
                           file part), "size"}; 400 for missing/invalid parts
                           (FastAPI style) or an existing (plugin, version);
                           401 for a bad token; 411 without Content-Length;
                           413 above --max-body. --allow-duplicates accepts
                           an existing version again (for benchmarks).
  POST /plugins/<code>/run/
                           A JSON object validated like upstream's PluginRunRequest
                           (extra keys forbidden; agent int and action str required;
                           params object, storage_id int, job_id str, debug bool,
                           version str, language str optional; Content-Type
                           application/json): 422 with a FastAPI-style detail list
                           otherwise, 401 for a bad token. Creates a PENDING job
                           and answers 201 {"id", "job_id", "status"}. Every
                           request, valid or not, is kept in DIR/runs.json with its
                           raw body, so tests can compare the bytes.
  GET  /jobs/<id>/         The job: id, status, action, plugin_release {plugin,
                           version (the request's, else the latest published, else
                           null)}, agent {id, name}, params, debug, language,
                           created, started_at, finished_at, result and
                           runtime_env.env_vars (holding the caller's token, as a
                           job service may show it). Each GET advances the job one
                           step (see below) before answering.
  GET  /jobs/<id>/console_logs/
                           The job's log so far: a JSON list of strings.
  GET  /jobs/<id>/tail_console_logs/
                           Server-sent events, `data: {json}` then a blank line:
                           {"type": "connected"}, one {"type": "log", "data":
                           {"message": ...}} per log line (--tail-interval seconds
                           apart), advancing the job itself until it ends, then
                           {"type": "complete"}, and the connection closes.
                           Job endpoints need the same credentials as uploads (401
                           otherwise); an unknown job is 404 {"detail": "Not found."}.
  POST /_control/faults    {"faults": [...]}: appends to the fault queue (no auth).
  GET  /_control/state     {"releases": [...], "faults": [...pending], "runs": [...],
                           "jobs": [...]}.

Jobs follow a fixed script of three steps, so tests need no clock: a client
polling one sees RUNNING with two log lines, RUNNING with one more, then
SUCCEEDED with two more and the result {"action", "params"}. The action `fail`
ends FAILED instead, with a traceback in the log and the result {"error":
"ZeroDivisionError: division by zero"}; the action `env` logs its environment
(as careless plugins do). Jobs are kept in DIR/jobs.json.

The body is parsed as it streams in: the file part goes to a temporary file in
the state directory while it is hashed, never into memory. Releases are kept in
DIR/releases.json (with every part's raw header lines and the request headers,
credentials redacted) and DIR/releases/<id>.zip. Every request appends one JSON
line to DIR/requests.jsonl: method, path, status (null when no response was
sent), fault and bytes_received; a response is logged before it is sent, so a
client holding it finds the line.

Faults form a FIFO queue; each POST /plugin_releases/ takes the next one:

  500            read the body, answer 500, create nothing
  503:N, 429:N   read the body, answer that status with Retry-After: N
  401, 403, 413  read the body, answer that status
  reset          read about half the body, then close with a TCP RST
  stall:N        sleep N seconds after the headers, then continue normally
  drop-response  create the release, then close without answering
  bad-checksum   create the release, but answer a checksum of 32 zeros
  hostile        read the body, answer 400 with a detail full of terminal escapes and a NUL
  empty-201      create the release, answer 201 with an empty body
  garbage-201    create the release, answer 201 with a body that is not JSON
"""

import argparse
import collections
import hashlib
import json
import os
import re
import signal
import socket
import ssl
import struct
import tempfile
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAULT = re.compile(
    r"^(500|401|403|413|reset|drop-response|bad-checksum|hostile|empty-201|garbage-201|(503|429|stall):\d+(\.\d+)?)$")
REQUIRED_PARTS = ["plugin", "version", "config", "debug", "file"]
CREDENTIAL_HEADERS = {"synapse-access-token", "authorization", "synapse-tenant"}
CHUNK = 1 << 20
MAX_FIELD = 1 << 20  # non-file parts are held in memory, so they are bounded
# Faults answered as soon as the body has been read: status and detail.
EARLY_REPLIES = {"500": (500, "Internal server error"), "401": (401, "Invalid token."),
                 "403": (403, "You do not have permission to perform this action."),
                 "413": (413, "Request body too large"), "503": (503, "Service temporarily unavailable"),
                 "429": (429, "Request was throttled."),
                 # Clears the screen, sets the window title, and forges a line of output.
                 "hostile": (400, "\x1b]0;owned\x07\x1b[2J\x1b[Hbad\x00 request\r\nerror: forged\x9b31m")}


RUN_PATH = re.compile(r"^/plugins/([^/]+)/run/$")
JOB_PATH = re.compile(r"^/jobs/([^/]+)/(console_logs/|tail_console_logs/)?$")
# upstream's PluginRunRequest, in its field order: (type, required).
RUN_FIELDS = {"agent": (int, True), "action": (str, True), "params": (dict, False), "storage_id": (int, False),
              "job_id": (str, False), "debug": (bool, False), "version": (str, False), "language": (str, False)}
TYPE_ERRORS = {int: ("int_type", "Input should be a valid integer"),
               str: ("string_type", "Input should be a valid string"),
               dict: ("dict_type", "Input should be a valid dictionary"),
               bool: ("bool_type", "Input should be a valid boolean")}
TERMINAL = {"SUCCEEDED", "FAILED"}


class BadRequest(Exception):
    """A malformed body: answered with 400 and this FastAPI-style detail."""

    def __init__(self, field, msg, kind):
        super().__init__(msg)
        self.detail = [{"loc": ["body", field], "msg": msg, "type": kind}]


class State:
    """Everything shared between request threads, behind one lock."""

    def __init__(self, args):
        self.args, self.dir, self.lock = args, args.state, threading.Lock()
        self.faults = collections.deque(args.fault or [])
        os.makedirs(os.path.join(self.dir, "releases"), exist_ok=True)
        path = os.path.join(self.dir, "releases.json")
        self.releases = []
        if os.path.exists(path):
            with open(path) as f:
                self.releases = json.load(f)
        self.runs, self.jobs = [], {}

    def save_runs_and_jobs(self):
        """Called with the lock held."""
        self.write_atomically("runs.json", json.dumps(self.runs, indent=1))
        self.write_atomically("jobs.json", json.dumps([public_job(j) for j in self.jobs.values()], indent=1))

    def write_atomically(self, name, text):
        fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".tmp-")
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, os.path.join(self.dir, name))

    def log(self, entry):
        with self.lock, open(os.path.join(self.dir, "requests.jsonl"), "a") as f:
            f.write(json.dumps(entry) + "\n")


class Body:
    """Reads at most Content-Length bytes from the socket, counting them."""

    def __init__(self, rfile, length):
        self.rfile, self.remaining, self.received = rfile, length, 0

    def read(self, size=CHUNK):
        data = self.rfile.read(min(size, self.remaining)) if self.remaining > 0 else b""
        self.remaining -= len(data)
        self.received += len(data)
        if not data and self.remaining > 0:
            raise ConnectionError("client closed the connection mid-body")
        return data

    def drain(self):
        while self.read():
            pass


def parse_multipart(body, boundary, directory, temporary_files):
    """Streams the parts of `body`; returns ([(name, header lines, value)], upload).

    `value` is the bytes of an ordinary part (at most MAX_FIELD). The first
    "file" part is streamed to a temporary file while it is hashed; its `value`,
    also returned as `upload`, is a dict with the path, size, filename and digests.
    The file's path is added to `temporary_files` at once, for cleaning up."""
    delimiter = b"\r\n--" + boundary
    buf, parts, upload = b"\r\n", [], None

    def fill():
        nonlocal buf
        data = body.read()
        if not data:
            raise BadRequest("file", "The multipart body ended early.", "multipart")
        buf += data

    def until(marker, sink):
        """Feeds the bytes before `marker` to `sink` and consumes the marker."""
        nonlocal buf
        while (index := buf.find(marker)) < 0:
            keep = len(marker) - 1
            if len(buf) > keep:
                sink(buf[:-keep])
                buf = buf[-keep:]
            fill()
        sink(buf[:index])
        buf = buf[index + len(marker):]

    until(delimiter, lambda _: None)  # the preamble
    while True:
        while len(buf) < 2:
            fill()
        if buf.startswith(b"--"):
            body.drain()  # the epilogue
            return parts, upload
        raw = bytearray()
        until(b"\r\n\r\n", raw.extend)
        lines = raw.decode("utf-8", "replace").split("\r\n")[1:]  # [0] ends the delimiter line
        disposition = next((l for l in lines if l.lower().startswith("content-disposition:")), "")
        params = dict(re.findall(r';\s*(\w+)="([^"]*)"', disposition))
        name, value = params.get("name", ""), bytearray()
        if name == "file" and upload is None:
            fd, path = tempfile.mkstemp(dir=directory, prefix=".upload-")
            temporary_files.append(path)
            upload = value = {"path": path, "size": 0, "sha256": hashlib.sha256(), "md5": hashlib.md5(),
                              "filename": params.get("filename")}
            with os.fdopen(fd, "wb") as f:
                def sink(chunk):
                    f.write(chunk)
                    upload["size"] += len(chunk)
                    upload["sha256"].update(chunk)
                    upload["md5"].update(chunk)
                until(delimiter, sink)
        else:
            def sink(chunk):
                if len(value) + len(chunk) > MAX_FIELD:
                    raise BadRequest(name, "The field is too large.", "too_long")
                value.extend(chunk)
            until(delimiter, sink)
            value = bytes(value)
        parts.append((name, lines, value))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "synapse-backend"

    def log_message(self, *args):
        pass  # requests.jsonl is the log

    def handle(self):
        try:
            if isinstance(self.connection, ssl.SSLSocket):
                self.connection.do_handshake()  # here, not in the accept loop
            super().handle()
        except (OSError, ssl.SSLError):
            pass  # the client went away, or rejected our certificate

    def dispatch(self):
        state = self.server.state
        self.fault, self.logged = None, False
        length = self.headers.get("Content-Length") or "0"
        self.body = Body(self.rfile, int(length) if length.isdigit() else 0)
        # Routes match the path alone; the log keeps the query (a host may carry one).
        route = self.path.split("?", 1)[0]
        try:
            if route == "/plugin_releases/" and self.command == "POST":
                with state.lock:
                    self.fault = state.faults.popleft() if state.faults else None
                self.upload(state)
            elif route == "/_control/faults" and self.command == "POST":
                self.add_faults(state)
            elif route == "/_control/state" and self.command == "GET":
                with state.lock:
                    snapshot = {"releases": list(state.releases), "faults": list(state.faults),
                                "runs": list(state.runs), "jobs": [public_job(j) for j in state.jobs.values()]}
                self.reply(200, snapshot)
            elif RUN_PATH.match(route) and self.command == "POST":
                self.run_plugin(state, RUN_PATH.match(route).group(1))
            elif JOB_PATH.match(route) and self.command == "GET":
                match = JOB_PATH.match(route)
                self.job_request(state, match.group(1), match.group(2) or "")
            else:
                self.body.drain()
                self.reply(404, {"detail": "Not Found"})
        except (OSError, ssl.SSLError):
            self.close_connection = True
        finally:
            self.log_once(None)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = dispatch

    def log_once(self, status):
        if not self.logged:
            self.logged = True
            self.server.state.log({"method": self.command, "path": self.path, "status": status,
                                   "fault": self.fault, "bytes_received": self.body.received})

    def reply(self, status, payload, headers=()):
        self.log_once(status)
        data = json.dumps(payload).encode()
        self.send_response(status)
        for name, value in [*headers, ("Content-Type", "application/json"), ("Content-Length", len(data))]:
            self.send_header(name, str(value))
        self.end_headers()
        self.wfile.write(data)

    def add_faults(self, state):
        try:
            faults = json.loads(self.body.read(MAX_FIELD) or b"{}").get("faults", [])
        except (ValueError, AttributeError):
            faults = None
        if not isinstance(faults, list) or not all(isinstance(f, str) and FAULT.match(f) for f in faults):
            return self.reply(400, {"detail": "Expected {\"faults\": [specs]} with valid specs."})
        with state.lock:
            state.faults.extend(faults)
            pending = list(state.faults)
        self.reply(200, {"faults": pending})

    def authenticated_by(self, args):
        if self.headers.get("Synapse-Access-Token") == f"Token {args.token}":
            return "Synapse-Access-Token"
        if args.user_token and self.headers.get("Authorization") == f"Token {args.user_token}":
            if not args.tenant or self.headers.get("Synapse-Tenant") == f"Token {args.tenant}":
                return "Authorization"
        return None

    def upload(self, state):
        fault, length = self.fault or "", self.headers.get("Content-Length") or ""
        code, _, seconds = fault.partition(":")
        if code == "stall":
            time.sleep(float(seconds))
        if fault == "reset":
            # Reset after the first MiB (at most half the body): the rest must still be on
            # its way, not already sitting in loopback's socket buffers (several MiB), or the
            # client rightly sees a request that was sent.
            stop = min(int(length or 0) // 2, 1 << 20)
            while self.body.received < stop:
                self.body.read(min(CHUNK, stop - self.body.received))
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            os.close(self.connection.detach())  # with SO_LINGER {1, 0}, close sends RST
            return
        if code in EARLY_REPLIES:
            self.body.drain()
            status, detail = EARLY_REPLIES[code]
            return self.reply(status, {"detail": detail}, [("Retry-After", seconds)] if seconds else [])
        if not length.isdigit() or "chunked" in self.headers.get("Transfer-Encoding", ""):
            self.close_connection = True
            return self.reply(411, {"detail": "Content-Length required"})
        if int(length) > state.args.max_body:
            self.body.drain()
            return self.reply(413, {"detail": "Request body too large"})
        auth = self.authenticated_by(state.args)
        content_type = self.headers.get("Content-Type", "")
        match = re.search(r'boundary="?([^";]+)"?', content_type)
        if auth is None or not content_type.startswith("multipart/form-data") or not match:
            self.body.drain()
            if auth is None:
                return self.reply(401, {"detail": "Invalid token."})
            return self.reply(400, {"detail": "Expected a multipart/form-data body."})
        temporary_files = []
        try:
            parts, upload = parse_multipart(self.body, match.group(1).encode(), state.dir, temporary_files)
            self.create_release(state, parts, upload, auth)
        except BadRequest as error:
            self.body.drain()
            self.reply(400, {"detail": error.detail})
        finally:
            for path in temporary_files:
                if os.path.exists(path):  # not moved into releases/
                    os.unlink(path)

    def create_release(self, state, parts, upload, auth):
        fields = {name: value for name, _, value in reversed(parts)}  # the first of repeated names wins
        errors = [{"loc": ["body", name], "msg": "Field required", "type": "missing"}
                  for name in REQUIRED_PARTS if fields.get(name) is None]
        config = None
        if fields.get("config") is not None:
            try:
                config = json.loads(fields["config"])
            except ValueError:
                pass
            if not isinstance(config, dict):
                errors.append({"loc": ["body", "config"], "msg": "Must be a JSON object.", "type": "json_invalid"})
        if errors:
            return self.reply(400, {"detail": errors})
        text = {name: fields[name].decode("utf-8", "replace") for name in ("plugin", "version", "debug")}
        plugin, version = text["plugin"], text["version"]
        with state.lock:
            exists = not state.args.allow_duplicates and any(
                r["plugin"] == plugin and r["version"] == version for r in state.releases)
            if not exists:
                release_id = max((r["id"] for r in state.releases), default=0) + 1
                os.replace(upload["path"], os.path.join(state.dir, "releases", f"{release_id}.zip"))
                state.releases.append({
                    **text, "id": release_id, "config": config, "file_name": upload["filename"],
                    "file_size": upload["size"], "file_sha256": upload["sha256"].hexdigest(),
                    "file_md5": upload["md5"].hexdigest(), "part_names": [name for name, _, _ in parts],
                    "part_headers": [lines for _, lines, _ in parts], "auth": auth,
                    "request_headers": [[name, redact(name, value)] for name, value in self.headers.items()]})
                state.write_atomically("releases.json", json.dumps(state.releases, indent=1))
        if exists:
            return self.reply(400, {"detail": f"Release {plugin} {version} already exists.", "code": "version_exists"})
        if self.fault == "drop-response":
            self.close_connection = True  # the server closes without a word
            return
        if self.fault in ("empty-201", "garbage-201"):
            data = b"" if self.fault == "empty-201" else b"<html>Created</html>"
            self.log_once(201)
            self.send_response(201)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        checksum = "0" * 32 if self.fault == "bad-checksum" else upload["md5"].hexdigest()
        self.reply(201, {"id": release_id, "plugin": plugin, "version": version, "checksum": checksum,
                         "size": upload["size"]})

    def run_plugin(self, state, code):
        auth = self.authenticated_by(state.args)
        raw = self.body.read(MAX_FIELD)
        self.body.drain()
        run = {"plugin": code, "body": raw.decode("utf-8", "replace"),
               "content_type": self.headers.get("Content-Type"), "auth": auth, "job": None,
               "request_headers": [[name, redact(name, value)] for name, value in self.headers.items()]}
        if auth is None:
            status, payload = 401, {"detail": "Invalid token."}
        else:
            request, errors = validate_run_request(raw, self.headers.get("Content-Type", ""))
            if errors:
                status, payload = 422, {"detail": errors}
            else:
                status = 201
        with state.lock:
            if status == 201:
                token = state.args.token if auth == "Synapse-Access-Token" else state.args.user_token
                job = new_job(state, code, request, token)
                run["job"] = job["id"]
                payload = {"id": job["id"], "job_id": job["id"], "status": job["status"]}
            run["status"] = status
            state.runs.append(run)
            state.save_runs_and_jobs()
        self.reply(status, payload)

    def job_request(self, state, job_id, what):
        if self.authenticated_by(state.args) is None:
            return self.reply(401, {"detail": "Invalid token."})
        with state.lock:
            job = state.jobs.get(job_id)
            if job is not None and not what:
                advance(job)
                state.save_runs_and_jobs()
            snapshot = public_job(job) if job is not None else None
            logs = list(job["logs"]) if job is not None else None
        if job is None:
            return self.reply(404, {"detail": "Not found."})
        if what == "console_logs/":
            return self.reply(200, logs)
        if what == "tail_console_logs/":
            return self.tail(state, job)
        self.reply(200, snapshot)

    def tail(self, state, job):
        """Streams the job's log as server-sent events until the job ends."""
        self.log_once(200)
        self.close_connection = True  # no length: the body ends when the connection does
        self.send_response(200)
        for name, value in [("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache"),
                            ("Connection", "close")]:
            self.send_header(name, value)
        self.end_headers()

        def send(event):
            self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
            self.wfile.flush()

        send({"type": "connected"})
        self.wfile.write(b": keep-alive\n\n")  # a comment, which readers ignore
        sent = 0
        while True:
            with state.lock:
                lines, done = list(job["logs"]), job["status"] in TERMINAL
            for line in lines[sent:]:
                time.sleep(state.args.tail_interval)
                send({"type": "log", "data": {"message": line, "level": "info"}})
            sent = len(lines)
            if done:
                break
            with state.lock:
                advance(job)
                state.save_runs_and_jobs()
        send({"type": "complete"})


def validate_run_request(raw, content_type):
    """(request, []) or (None, FastAPI-style errors), as PluginRunRequest (extra=forbid) would."""
    if content_type.split(";")[0].strip().lower() != "application/json":
        # FastAPI reads only a JSON body as JSON: anything else is not an object.
        return None, [{"type": "model_attributes_type", "loc": ["body"],
                       "msg": "Input should be a valid dictionary or object to extract fields from",
                       "input": raw.decode("utf-8", "replace")}]
    try:
        body = json.loads(raw)
    except ValueError as error:
        return None, [{"type": "json_invalid", "loc": ["body", getattr(error, "pos", 0)], "msg": "JSON decode error",
                       "input": {}, "ctx": {"error": getattr(error, "msg", str(error))}}]
    if not isinstance(body, dict):
        return None, [{"type": "model_attributes_type", "loc": ["body"],
                       "msg": "Input should be a valid dictionary or object to extract fields from", "input": body}]
    errors = []
    for name, (kind, required) in RUN_FIELDS.items():
        if name not in body:
            if required:
                errors.append({"type": "missing", "loc": ["body", name], "msg": "Field required", "input": body})
            continue
        value = body[name]
        if value is None and not required:
            continue
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            kind_name, msg = TYPE_ERRORS[kind]
            errors.append({"type": kind_name, "loc": ["body", name], "msg": msg, "input": value})
    errors += [{"type": "extra_forbidden", "loc": ["body", name], "msg": "Extra inputs are not permitted",
                "input": value} for name, value in body.items() if name not in RUN_FIELDS]
    return (None, errors) if errors else ({"language": "ko", **body}, [])


def now():
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def new_job(state, code, request, token):
    """A PENDING job for a valid run request (called with the lock held). Its worker acts
    as the caller, so the caller's token is in the job's environment, as upstream passes
    SYNAPSE_BACKEND_V2_ACCESS_TOKEN to its workers."""
    job_id = len(state.jobs) + 1
    action, params = request["action"], request.get("params")
    versions = [r["version"] for r in state.releases if r["plugin"] == code]
    agent = {"id": request["agent"], "name": f"agent-{request['agent']}"}
    env = {"SYNAPSE_JOB_ID": str(job_id), "SYNAPSE_LANGUAGE": request["language"],
           "SYNAPSE_BACKEND_V2_ACCESS_TOKEN": token}
    job = {
        "id": job_id, "status": "PENDING", "action": action,
        "plugin_release": {"plugin": code, "version": request.get("version") or (versions[-1] if versions else None)},
        "agent": agent, "params": params, "debug": bool(request.get("debug")), "language": request["language"],
        "created": now(), "started_at": None, "finished_at": None, "result": None,
        "runtime_env": {"env_vars": env}, "logs": [], "steps": job_script(job_id, code, action, params, agent, env),
    }
    state.jobs[str(job_id)] = job
    return job


def job_script(job_id, code, action, params, agent, env):
    """The job's steps: (status, new log lines, result)."""
    if action == "fail":
        error = "ZeroDivisionError: division by zero"
        last = ("FAILED", ["Traceback (most recent call last):", '  File "plugin/main.py", line 3, in run', error],
                {"error": error})
    else:
        last = ("SUCCEEDED", ["[INFO] step 2/2", f"[SUCCESS] {action} finished"],
                {"action": action, "params": params or {}})
    middle = [f"{name}={value}" for name, value in env.items()] if action == "env" else ["[INFO] step 1/2"]
    return [("RUNNING", [f"Job {job_id} started on {agent['name']}", f"Running {action} of {code}"], None),
            ("RUNNING", middle, None), last]


def advance(job):
    """One step of the job's script; nothing once it has ended (called with the lock held)."""
    if not job["steps"]:
        return
    status, lines, result = job["steps"].pop(0)
    if job["started_at"] is None:
        job["started_at"] = now()
    job["status"] = status
    job["logs"] += lines
    if status in TERMINAL:
        job["result"], job["finished_at"] = result, now()


def public_job(job):
    """The job as GET /jobs/<id>/ shows it."""
    return {key: value for key, value in job.items() if key not in ("logs", "steps")}


def redact(name, value):
    """A credential's scheme word and "<redacted>", e.g. "Token <redacted>"."""
    if name.lower() not in CREDENTIAL_HEADERS:
        return value
    scheme, _, secret = value.strip().partition(" ")
    return f"{scheme} <redacted>" if secret else "<redacted>"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", required=True, help="directory for releases and logs")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token", default="test-token")
    parser.add_argument("--user-token")
    parser.add_argument("--tenant")
    parser.add_argument("--max-body", type=int, default=1 << 30)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--allow-duplicates", action="store_true",
                        help="accept an existing (plugin, version) again (benchmarks upload repeatedly)")
    parser.add_argument("--fault", action="append", help="a fault spec (see above); repeatable")
    parser.add_argument("--tail-interval", type=float, default=0.05,
                        help="seconds between the log events of tail_console_logs")
    args = parser.parse_args()
    for fault in args.fault or []:
        if not FAULT.match(fault):
            parser.error(f"invalid fault spec {fault!r}")

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.state = State(args)
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    port = server.server_address[1]
    server.state.write_atomically("port", f"{port}\n")
    print(port, flush=True)

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    # Blocked signals are inherited: Foundation's Process, started from a test thread, passes them on.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
