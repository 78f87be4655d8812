"""Entry point of an action run on a Ray cluster by the ``synapse`` CLI.

    python -m synapse_sdk.plugins.job_entry

``--mode job``: this process is the job's entrypoint and runs the action itself.
``--mode task``: this process is a short-lived driver; it connects to the cluster with
``ray.init()`` and runs the action as a Ray task with the requested CPUs and GPUs
(``synapse_sdk.plugins.ray_task``), relaying the task's events as they are produced.

Everything comes from the environment (the job's ``runtime_env.env_vars``), because the
entrypoint is a shell string and the environment needs no quoting:

- ``SYNAPSE_ACTION``: the action's name in config.yaml (required);
- ``SYNAPSE_ACTION_PARAMS``: the params as a JSON object (default ``{}``);
- ``SYNAPSE_JOB_ID``: the job id the action sees as ``ctx.job_id``;
- ``SYNAPSE_RUN_MODE``: ``job`` (default) or ``task``;
- ``SYNAPSE_TASK_NUM_CPUS`` / ``SYNAPSE_TASK_NUM_GPUS``: the task's resources.

The plugin is the current directory (Ray unpacks the working_dir package there). Events go
to stdout, one per line, each behind ``EVENT_MARKER``; the job log is the only channel a
Ray job has back to its submitter. Exit status: 0 success, 1 failure.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Mapping

from .errors import PluginError
from .events import EventSink
from .executors.local import LocalExecutor
from .runner import prepare_action

EVENT_MARKER = "::synapse-event::"
EXIT_OK, EXIT_FAILED = 0, 1


class JobSetupError(PluginError):
    """The job's environment does not say what to run."""


def _params(environ: Mapping[str, str]) -> dict[str, Any]:
    text = environ.get("SYNAPSE_ACTION_PARAMS") or "{}"
    try:
        params = json.loads(text)
    except ValueError as exc:
        raise JobSetupError(f"SYNAPSE_ACTION_PARAMS is not valid JSON: {exc}") from None
    if not isinstance(params, dict):
        raise JobSetupError(f"SYNAPSE_ACTION_PARAMS must be a JSON object, got {type(params).__name__}")
    return params


def _resources(environ: Mapping[str, str]) -> dict[str, float]:
    resources = {}
    for key, option in (("SYNAPSE_TASK_NUM_CPUS", "num_cpus"), ("SYNAPSE_TASK_NUM_GPUS", "num_gpus")):
        raw = environ.get(key, "").strip()
        if raw:
            try:
                resources[option] = float(raw)
            except ValueError:
                raise JobSetupError(f"{key}={raw!r} is not a number") from None
    return resources


def event_sink() -> EventSink:
    """Events as marker lines on stdout (a copy of fd 1, so redirections of sys.stdout by the
    plugin do not swallow them)."""
    return EventSink(stderr=False, fd=os.dup(1), prefix=EVENT_MARKER)


def main(environ: Mapping[str, str] | None = None) -> int:
    environ = os.environ if environ is None else environ
    sink = event_sink()
    try:
        action = environ.get("SYNAPSE_ACTION", "").strip()
        if not action:
            raise JobSetupError("SYNAPSE_ACTION is not set: the job does not say which action to run")
        params = _params(environ)
        mode = environ.get("SYNAPSE_RUN_MODE", "job")
        if mode not in ("job", "task"):
            raise JobSetupError(f"SYNAPSE_RUN_MODE={mode!r}: use job or task")
        resources = _resources(environ)
        action_cls = prepare_action(Path.cwd(), action)
    except Exception as exc:
        sink.error(exc)
        return EXIT_FAILED

    job_id = environ.get("SYNAPSE_JOB_ID") or None
    if mode == "task":
        from .ray_task import run_as_task

        return EXIT_OK if run_as_task(action, params, job_id, resources, sink) else EXIT_FAILED
    try:
        LocalExecutor(env=None, job_id=job_id, sink=sink).execute(action_cls, params)
    except Exception:  # the executor already emitted the error event
        return EXIT_FAILED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
