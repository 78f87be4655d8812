"""Where an action's logs, progress, metrics, result and error go.

Every event is a small JSON-able dict (the shapes are the wire protocol read by the
``synapse`` CLI, one JSON object per line):

    {"event": "log", "level": "info", "message": "...", "time": "2026-01-01T00:00:00.000Z"}
    {"event": "progress", "category": "train", "current": 3, "total": 10}
    {"event": "metrics", "category": "train", "values": {"loss": 0.5}}
    {"event": "result", "result": {...}}
    {"event": "error", "class": "ExecutionError", "message": "...", "details": ..., "traceback": "..."}

An ``EventSink`` always keeps the events in memory (``sink.events`` / ``ctx.events``) so
tests can assert on them, prints log events as human-readable lines on stderr, and, when
``SYNAPSE_EVENTS_FD`` names an inherited file descriptor, also writes each event there as
one line of JSON. A separate descriptor (rather than stdout/stderr) keeps the machine
stream intact whatever the plugin prints.
"""

from __future__ import annotations

import os
import sys
import threading
import traceback
from datetime import datetime, timezone
from typing import Any, Mapping

import pydantic

from .. import _json
from .enums import LogLevel
from .errors import PluginError

EVENTS_FD_VAR = "SYNAPSE_EVENTS_FD"


def events_fd_from_environ(environ: Mapping[str, str] | None = None) -> int | None:
    """The descriptor named by SYNAPSE_EVENTS_FD, None when unset; ValueError when unusable."""
    environ = os.environ if environ is None else environ
    raw = environ.get(EVENTS_FD_VAR, "").strip()
    if not raw:
        return None
    try:
        fd = int(raw)
        if fd < 0:
            raise ValueError
    except ValueError:
        raise ValueError(f"{EVENTS_FD_VAR}={raw!r} is not a file descriptor number") from None
    try:
        os.fstat(fd)
    except OSError as exc:
        raise ValueError(f"{EVENTS_FD_VAR}={raw}: descriptor is not open ({exc.strerror})") from None
    return fd


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _category(value: Any) -> str | None:
    return None if value is None else str(value)


def describe_exception(exc: BaseException) -> dict[str, Any]:
    """The ``error`` event for an exception: class, message, details and full traceback."""
    if isinstance(exc, PluginError):
        message, details = exc.message, exc.details
    elif isinstance(exc, pydantic.ValidationError):
        message, details = validation_summary(exc), validation_details(exc)
    else:
        message, details = str(exc) or type(exc).__name__, None
    return {
        "event": "error",
        "class": type(exc).__name__,
        "message": message,
        "details": details,
        "traceback": format_traceback(exc),
    }


_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def format_traceback(exc: BaseException) -> str:
    """The traceback without the runtime's own leading frames (executor, run()), so it
    starts in the plugin's code; kept whole when the error is inside the runtime."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb or exc.__traceback__))


def validation_details(exc: pydantic.ValidationError) -> list[dict[str, Any]]:
    """pydantic field errors as JSON (loc, msg, type, input), without documentation URLs."""
    return [
        {"loc": list(err.get("loc", ())), "msg": err.get("msg"), "type": err.get("type"), "input": err.get("input")}
        for err in _json.jsonable(exc.errors(include_url=False, include_context=False))
    ]


def validation_summary(exc: pydantic.ValidationError) -> str:
    """One line per field error: ``epochs: Input should be greater than or equal to 1``."""
    lines = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(part) for part in err.get("loc", ())) or "(root)"
        lines.append(f"{loc}: {err.get('msg')}")
    count = exc.error_count()
    head = f"{count} validation error{'s' if count != 1 else ''} for {exc.title}"
    return head + ": " + "; ".join(lines)


class EventSink:
    """Collects events in memory and forwards them to stderr (logs) and the events fd."""

    def __init__(self, *, stderr: bool = True, fd: int | None = None, prefix: str = "") -> None:
        self.events: list[dict[str, Any]] = []
        self.stderr = stderr
        self.fd = fd
        # Written before each JSON line on ``fd``: a Ray job's events share the job log with
        # whatever the plugin prints, and the prefix is how the CLI tells them apart.
        self.prefix = prefix
        self._lock = threading.Lock()

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None, *, stderr: bool = True) -> "EventSink":
        """A sink that also writes to SYNAPSE_EVENTS_FD when it is set (ValueError if unusable)."""
        return cls(stderr=stderr, fd=events_fd_from_environ(environ))

    # -- emitting -------------------------------------------------------------------

    def emit(self, event: dict[str, Any]) -> dict[str, Any]:
        """Record one event (thread-safe: data loaders may log from worker threads)."""
        event = _json.jsonable(event)
        with self._lock:
            self.events.append(event)
            if self.stderr and event.get("event") == "log":
                self._print(event)
            if self.fd is not None:
                if self.prefix:
                    # The plugin's buffered prints come first, as they were made first.
                    sys.stdout.flush()
                self._write(self.prefix + _json.dumps(event) + "\n")
        return event

    def log(self, message: str, level: LogLevel | str = LogLevel.INFO) -> dict[str, Any]:
        level = LogLevel.coerce(level)
        return self.emit({"event": "log", "level": level.value, "message": str(message), "time": _now()})

    def progress(self, current: float, total: float, category: Any = None) -> dict[str, Any]:
        return self.emit({"event": "progress", "category": _category(category), "current": current, "total": total})

    def metrics(self, values: Mapping[str, Any], category: Any = None) -> dict[str, Any]:
        return self.emit({"event": "metrics", "category": _category(category), "values": dict(values)})

    def result(self, result: Any) -> dict[str, Any]:
        return self.emit({"event": "result", "result": result})

    def error(self, exc: BaseException) -> dict[str, Any]:
        return self.emit(describe_exception(exc))

    # -- reading (for tests) ----------------------------------------------------------

    def of(self, kind: str) -> list[dict[str, Any]]:
        """Events of one kind, e.g. ``sink.of("progress")``."""
        return [e for e in self.events if e.get("event") == kind]

    # -- outputs ------------------------------------------------------------------------

    @staticmethod
    def _print(event: dict[str, Any]) -> None:
        # Looked up at call time so pytest's capsys/capfd capture it.
        print(f"[{event['level'].upper()}] {event['message']}", file=sys.stderr, flush=True)

    def _write(self, line: str) -> None:
        data = line.encode("utf-8")
        try:
            while data:
                written = os.write(self.fd, data)
                data = data[written:]
        except OSError as exc:
            # The reader went away: keep running the action, stop streaming.
            fd, self.fd = self.fd, None
            print(f"[WARNING] {EVENTS_FD_VAR}={fd}: stopped writing events ({exc.strerror})", file=sys.stderr)
