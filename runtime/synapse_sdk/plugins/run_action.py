"""Command-line runner used by the ``synapse`` CLI to run one action.

    python3 -m synapse_sdk.plugins.run_action --plugin-dir DIR --action NAME \\
        --params-json JSON [--job-id ID]

It reads DIR/config.yaml, puts DIR first on sys.path, imports the action's entrypoint,
exports the config's ``env`` to os.environ and runs the action with a LocalExecutor.

Outputs, designed for a non-Python parent process:
- stdout: exactly one line, the result as JSON (the action's own prints and any C-level
  writes to fd 1 are redirected to stderr while it runs);
- stderr: human-readable log lines and, on failure, the error;
- ``$SYNAPSE_EVENTS_FD`` (optional): every event as one JSON object per line, ending with
  exactly one ``result`` or ``error`` event, whatever went wrong;
- exit status: 0 success, 1 the action or plugin failed, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any, Iterator, Sequence

import pydantic

from .. import _json
from .errors import PluginError
from .events import EventSink, format_traceback, validation_summary
from .executors.local import LocalExecutor
from .runner import prepare_action

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(PluginError):
    """Bad command-line arguments (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print and exit; we want the event too
        raise UsageError(message)


def _parser() -> _Parser:
    parser = _Parser(prog="python3 -m synapse_sdk.plugins.run_action", description="Run one action of a Synapse plugin.")
    parser.add_argument("--plugin-dir", required=True, help="plugin directory (containing config.yaml)")
    parser.add_argument("--action", required=True, help="action name from config.yaml")
    parser.add_argument("--params-json", default="{}", help="action params as a JSON object (default: {})")
    parser.add_argument("--job-id", default=os.environ.get("SYNAPSE_JOB_ID"), help="job id (ctx.job_id)")
    return parser


def _params(text: str) -> dict[str, Any]:
    try:
        params = json.loads(text)
    except ValueError as exc:
        raise UsageError(f"--params-json is not valid JSON: {exc}") from None
    if not isinstance(params, dict):
        raise UsageError(f"--params-json must be a JSON object, got {type(params).__name__}")
    return params


@contextlib.contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """Keep stdout for the result line only, even if the plugin or a C library prints."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
        os.dup2(2, 1)
    except OSError:  # no usable fd 1/2: fall back to the Python-level redirect only
        saved = None
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        sys.stderr.flush()
        if saved is not None:
            os.dup2(saved, 1)
            os.close(saved)


def _report(exc: BaseException, sink: EventSink) -> None:
    """The human-readable form of a failure, on stderr, unless the reader of the events fd
    presents it (``SYNAPSE_EVENTS_QUIET``)."""
    if not sink.stderr:
        return
    if isinstance(exc, pydantic.ValidationError):
        print(f"Error: invalid params: {validation_summary(exc)}", file=sys.stderr)
    elif isinstance(exc, PluginError):
        print(f"Error: {exc.message}", file=sys.stderr)
        if exc.details is not None:
            print(f"Details: {_json.dumps(exc.details)}", file=sys.stderr)
    else:
        print(format_traceback(exc), end="", file=sys.stderr)
        if isinstance(exc, ModuleNotFoundError):
            print("Hint: install the plugin's dependencies (pip install -r requirements.txt)", file=sys.stderr)


QUIET_VAR = "SYNAPSE_EVENTS_QUIET"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        sink = EventSink.from_environ()
    except ValueError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    # The synapse CLI renders the events it reads and sets SYNAPSE_EVENTS_QUIET=1, so that
    # logs and errors are not also printed here (each would show twice).
    sink.stderr = not (sink.fd is not None and os.environ.get(QUIET_VAR) == "1")

    parser = _parser()
    try:
        args = parser.parse_args(argv)
        params = _params(args.params_json)
        plugin_dir = Path(args.plugin_dir)
        if not plugin_dir.is_dir():
            raise UsageError(f"--plugin-dir {args.plugin_dir}: not a directory")
    except UsageError as exc:
        sink.error(exc)
        print(parser.format_usage().rstrip(), file=sys.stderr)
        print(f"Error: {exc.message}", file=sys.stderr)
        return EXIT_USAGE

    try:
        action_cls = prepare_action(plugin_dir, args.action)
    except Exception as exc:
        sink.error(exc)
        _report(exc, sink)
        return EXIT_FAILED

    executor = LocalExecutor(env=None, job_id=args.job_id, sink=sink)
    try:
        with _stdout_to_stderr():
            result = executor.execute(action_cls, params)
    except Exception as exc:  # the executor already emitted the error event
        _report(exc, sink)
        return EXIT_FAILED
    sys.stdout.write(_json.dumps(result) + "\n")
    sys.stdout.flush()
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
