"""``--mode task``: the action as a Ray task, its events streamed back to the driver.

The task is a streaming generator: it runs the action on a thread and yields each event as
the action produces it, so the driver (``job_entry``) prints progress while the task runs
and in the order it happened. Relaying through the task's own log would lose that order, and
the last lines, when the driver exits before Ray forwards them.

Imported by the driver and, by reference, in the worker: both have this runtime on
``PYTHONPATH`` (the job's ``py_modules``) and the plugin as their working directory.
"""

from __future__ import annotations

import queue
import sys
import threading
from pathlib import Path
from typing import Any, Iterator

from .errors import PluginError
from .events import EventSink
from .executors.local import LocalExecutor
from .runner import prepare_action

_DONE = object()


class TaskModeError(PluginError):
    """The driver cannot run the action as a Ray task."""


class _QueueSink(EventSink):
    """Hands each event to the generator instead of writing it anywhere."""

    def __init__(self, events: "queue.Queue[Any]") -> None:
        super().__init__(stderr=False)
        self._queue = events

    def emit(self, event: dict[str, Any]) -> dict[str, Any]:
        event = super().emit(event)
        self._queue.put(event)
        return event


def run_action_streaming(action: str, params: dict[str, Any], job_id: str | None) -> Iterator[dict[str, Any]]:
    """Runs in the Ray worker: yields every event, ending with one ``result`` or ``error``."""
    events: "queue.Queue[Any]" = queue.Queue()
    sink = _QueueSink(events)

    def work() -> None:
        try:
            action_cls = prepare_action(Path.cwd(), action)
        except BaseException as exc:
            sink.error(exc)
        else:
            try:
                LocalExecutor(env=None, job_id=job_id, sink=sink).execute(action_cls, params)
            except BaseException:  # the executor emitted the error event
                pass
        finally:
            events.put(_DONE)

    threading.Thread(target=work, name="synapse-action", daemon=True).start()
    while True:
        event = events.get()
        if event is _DONE:
            return
        yield event


def run_as_task(
    action: str, params: dict[str, Any], job_id: str | None, resources: dict[str, float], sink: EventSink
) -> bool:
    """Runs in the driver: submits the task, re-emits its events; True when it succeeded."""
    try:
        import ray
    except ImportError as exc:
        sink.error(
            TaskModeError(
                f"--mode task needs Ray in the job's Python ({sys.executable}): {exc}",
                {"python": sys.executable},
            )
        )
        return False

    options: dict[str, Any] = {"num_cpus": resources.get("num_cpus", 1), "num_returns": "streaming"}
    if resources.get("num_gpus"):
        options["num_gpus"] = resources["num_gpus"]
    ray.init()
    succeeded = False
    try:
        task = ray.remote(run_action_streaming).options(**options)
        for ref in task.remote(action, params, job_id):
            event = ray.get(ref)
            sink.emit(event)
            if event.get("event") == "result":
                succeeded = True
    except Exception as exc:  # the task could not run: worker died, unschedulable, ...
        cause = getattr(exc, "cause", None)
        sink.error(cause if isinstance(cause, BaseException) else exc)
        return False
    return succeeded
