"""The Ray job entry point and the Ray task: events as marker lines on stdout, setup errors as
events, and the task's streamed events relayed by the driver.

``job_entry`` runs as a subprocess with the plugin as its working directory, the way a Ray job
starts it; ``ray_task.run_action_streaming`` is a plain generator and needs no Ray.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

from conftest import RUNTIME
from synapse_sdk.plugins.events import EventSink
from synapse_sdk.plugins.job_entry import EVENT_MARKER
from synapse_sdk.plugins.ray_task import run_action_streaming, run_as_task

TERMINAL = ("result", "error")
# What a job's environment may carry that these tests set themselves.
JOB_VARIABLES = ("SYNAPSE_ACTION", "SYNAPSE_ACTION_PARAMS", "SYNAPSE_JOB_ID", "SYNAPSE_RUN_MODE",
                 "SYNAPSE_TASK_NUM_CPUS", "SYNAPSE_TASK_NUM_GPUS", "SYNAPSE_EVENTS_FD")

CONFIG = """\
name: Job Plugin
code: job-plugin
version: 0.1.0
category: custom
env:
  JOB_PLUGIN_GREETING: hello
  JOB_PLUGIN_FLAG: true
actions:
  chatty:
    entrypoint: job_plugin.actions:ChattyAction
  crash:
    entrypoint: job_plugin.actions:CrashAction
  env:
    entrypoint: job_plugin.actions:EnvAction
  count:
    entrypoint: job_plugin.actions:CountAction
  gate:
    entrypoint: job_plugin.actions:GateAction
"""

ACTIONS = '''\
import os
import threading

from pydantic import BaseModel, Field

from synapse_sdk.plugins import BaseAction

RELEASE = threading.Event()


class ChattyAction(BaseAction):
    def execute(self):
        print("before the first event")
        self.log_message("first")
        print("between events")
        self.set_progress(1, 2, "work")
        print("no newline", end="")
        self.log_message("second")
        print("after the last log")
        return {"ok": True}


class CrashAction(BaseAction):
    def execute(self):
        self.log_message("about to divide")
        return {"value": 1 / 0}


class EnvAction(BaseAction):
    def execute(self):
        return {
            "greeting": os.environ.get("JOB_PLUGIN_GREETING"),
            "flag": os.environ.get("JOB_PLUGIN_FLAG"),
            "ctx_greeting": self.ctx.env.get("JOB_PLUGIN_GREETING"),
            "job_id": self.ctx.job_id,
            "params": self.params.model_dump(),
        }


class CountParams(BaseModel):
    n: int = Field(ge=1)


class CountAction(BaseAction[CountParams]):
    def execute(self):
        for i in range(self.params.n):
            self.set_progress(i + 1, self.params.n)
        return {"n": self.params.n}


class GateAction(BaseAction):
    """Waits until the reader has seen its first event: proof that events stream."""

    def execute(self):
        self.log_message("waiting for the reader")
        return {"released": RELEASE.wait(timeout=30)}
'''


@pytest.fixture
def plugin_dir(tmp_path: Path) -> Path:
    root = tmp_path / "job-plugin"
    (root / "job_plugin").mkdir(parents=True)
    (root / "config.yaml").write_text(CONFIG)
    (root / "job_plugin" / "__init__.py").write_text("")
    (root / "job_plugin" / "actions.py").write_text(textwrap.dedent(ACTIONS))
    return root


@pytest.fixture
def saved_environ():
    """The runtime exports config env into os.environ; put it back afterwards."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


def run_job(plugin: Path, env: dict[str, str], pythonpath: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """``python -m synapse_sdk.plugins.job_entry`` in ``plugin``, as a Ray job runs it."""
    # Without PYTHONUNBUFFERED stdout is block-buffered, as in a Ray job: the plugin's prints
    # keep their place before the events only because the sink flushes them first.
    environ = {k: v for k, v in os.environ.items() if k not in JOB_VARIABLES and k != "PYTHONUNBUFFERED"}
    environ.update(env)
    environ["PYTHONPATH"] = os.pathsep.join([*pythonpath, str(RUNTIME)])
    environ["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run([sys.executable, "-m", "synapse_sdk.plugins.job_entry"], cwd=plugin, env=environ,
                          capture_output=True, text=True, timeout=60)


def events_in(stdout: str) -> list[dict]:
    return [json.loads(line.split(EVENT_MARKER, 1)[1]) for line in stdout.splitlines() if EVENT_MARKER in line]


def assert_one_terminal_event_last(events: list[dict]) -> None:
    kinds = [e["event"] for e in events]
    assert sum(kind in TERMINAL for kind in kinds) == 1, kinds
    assert kinds[-1] in TERMINAL, kinds


# -- job_entry, as a Ray job runs it --------------------------------------------------------


def test_events_are_marker_lines_after_what_the_plugin_printed_before_them(plugin_dir):
    proc = run_job(plugin_dir, {"SYNAPSE_ACTION": "chatty"})
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 7, lines
    assert lines[0] == "before the first event"
    assert lines[1].startswith(EVENT_MARKER)
    assert lines[2] == "between events"
    assert lines[3].startswith(EVENT_MARKER)
    # Output without a newline stays in front of the event that followed it, on its line.
    assert lines[4].startswith("no newline" + EVENT_MARKER)
    assert lines[5] == "after the last log"
    assert lines[6].startswith(EVENT_MARKER)

    events = events_in(proc.stdout)
    assert [e["event"] for e in events] == ["log", "progress", "log", "result"]
    assert [e.get("message") for e in events if e["event"] == "log"] == ["first", "second"]
    assert events[1] == {"event": "progress", "category": "work", "current": 1, "total": 2}
    assert events[-1] == {"event": "result", "result": {"ok": True}}
    assert EVENT_MARKER not in proc.stderr


def test_config_env_params_and_job_id_reach_the_action(plugin_dir):
    proc = run_job(plugin_dir, {"SYNAPSE_ACTION": " env ", "SYNAPSE_ACTION_PARAMS": '{"a": [1, 2]}',
                                "SYNAPSE_JOB_ID": "job-7"})
    assert proc.returncode == 0, proc.stderr
    events = events_in(proc.stdout)
    assert_one_terminal_event_last(events)
    assert events[-1]["result"] == {"greeting": "hello", "flag": "true", "ctx_greeting": "hello", "job_id": "job-7",
                                    "params": {"a": [1, 2]}}


def test_a_failing_action_ends_with_one_error_event_and_exit_1(plugin_dir):
    proc = run_job(plugin_dir, {"SYNAPSE_ACTION": "crash"})
    assert proc.returncode == 1
    events = events_in(proc.stdout)
    assert [e["event"] for e in events] == ["log", "error"]
    error = events[-1]
    assert (error["class"], error["message"]) == ("ZeroDivisionError", "division by zero")
    assert "job_plugin/actions.py" in error["traceback"]


def test_invalid_params_end_with_the_validation_error(plugin_dir):
    proc = run_job(plugin_dir, {"SYNAPSE_ACTION": "count", "SYNAPSE_ACTION_PARAMS": '{"n": 0}'})
    assert proc.returncode == 1
    events = events_in(proc.stdout)
    assert [e["event"] for e in events] == ["error"]
    assert events[0]["class"] == "ValidationError"
    assert events[0]["details"][0]["loc"] == ["n"]


@pytest.mark.parametrize("env, message", [
    ({}, "SYNAPSE_ACTION is not set"),
    ({"SYNAPSE_ACTION": "   "}, "SYNAPSE_ACTION is not set"),
    ({"SYNAPSE_ACTION": "chatty", "SYNAPSE_ACTION_PARAMS": "{not json"}, "SYNAPSE_ACTION_PARAMS is not valid JSON"),
    ({"SYNAPSE_ACTION": "chatty", "SYNAPSE_ACTION_PARAMS": "[1, 2]"},
     "SYNAPSE_ACTION_PARAMS must be a JSON object, got list"),
    ({"SYNAPSE_ACTION": "chatty", "SYNAPSE_RUN_MODE": "local"}, "SYNAPSE_RUN_MODE='local': use job or task"),
    ({"SYNAPSE_ACTION": "chatty", "SYNAPSE_RUN_MODE": "task", "SYNAPSE_TASK_NUM_CPUS": "two"},
     "SYNAPSE_TASK_NUM_CPUS='two' is not a number"),
])
def test_a_job_that_does_not_say_what_to_run_is_one_error_event(plugin_dir, env, message):
    proc = run_job(plugin_dir, env)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(EVENT_MARKER), proc.stdout
    (event,) = events_in(proc.stdout)
    assert (event["event"], event["class"]) == ("error", "JobSetupError")
    assert event["message"].startswith(message)


def test_an_unknown_action_is_one_error_event(plugin_dir):
    proc = run_job(plugin_dir, {"SYNAPSE_ACTION": "nope"})
    assert proc.returncode == 1
    (event,) = events_in(proc.stdout)
    assert event["class"] == "ActionNotFoundError"
    assert "available actions: chatty, count, crash, env, gate" in event["message"]


def test_task_mode_without_ray_is_an_error_event(plugin_dir, tmp_path):
    # A `ray` that cannot be imported, whatever this machine has installed.
    stub = tmp_path / "no-ray"
    (stub / "ray").mkdir(parents=True)
    (stub / "ray" / "__init__.py").write_text('raise ImportError("ray is not installed here")\n')
    proc = run_job(plugin_dir, {"SYNAPSE_ACTION": "chatty", "SYNAPSE_RUN_MODE": "task"}, pythonpath=(str(stub),))
    assert proc.returncode == 1
    (event,) = events_in(proc.stdout)
    assert event["class"] == "TaskModeError"
    assert "--mode task needs Ray" in event["message"] and "ray is not installed here" in event["message"]


# -- ray_task, without Ray ---------------------------------------------------------------------


def test_run_action_streaming_yields_every_event_in_order(plugin_dir, monkeypatch, saved_environ):
    monkeypatch.chdir(plugin_dir)
    events = list(run_action_streaming("chatty", {}, "job-1"))
    assert [e["event"] for e in events] == ["log", "progress", "log", "result"]
    assert events[-1]["result"] == {"ok": True}

    (result,) = run_action_streaming("env", {"b": 2}, "job-2")
    assert result["result"] == {"greeting": "hello", "flag": "true", "ctx_greeting": "hello", "job_id": "job-2",
                                "params": {"b": 2}}


def test_run_action_streaming_yields_events_while_the_action_runs(plugin_dir, monkeypatch, saved_environ):
    monkeypatch.chdir(plugin_dir)
    stream = run_action_streaming("gate", {}, None)
    first = next(stream)
    assert first["message"] == "waiting for the reader"
    sys.modules["job_plugin.actions"].RELEASE.set()
    assert list(stream) == [{"event": "result", "result": {"released": True}}]


@pytest.mark.parametrize("action, params, kinds, error_class", [
    ("crash", {}, ["log", "error"], "ZeroDivisionError"),
    ("count", {"n": "many"}, ["error"], "ValidationError"),
    ("nope", {}, ["error"], "ActionNotFoundError"),
])
def test_run_action_streaming_ends_with_the_error(plugin_dir, monkeypatch, saved_environ, action, params, kinds,
                                                  error_class):
    monkeypatch.chdir(plugin_dir)
    events = list(run_action_streaming(action, params, None))
    assert [e["event"] for e in events] == kinds
    assert events[-1]["class"] == error_class


def test_run_as_task_without_ray_is_an_error_event(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)
    sink = EventSink(stderr=False)
    assert run_as_task("chatty", {}, None, {}, sink) is False
    (event,) = sink.events
    assert (event["event"], event["class"]) == ("error", "TaskModeError")
    assert event["message"].startswith(f"--mode task needs Ray in the job's Python ({sys.executable})")
    assert event["details"] == {"python": sys.executable}


class FakeRay(types.ModuleType):
    """Just what run_as_task uses: a streaming task whose refs are the events themselves."""

    def __init__(self, failure: BaseException | None = None) -> None:
        super().__init__("ray")
        self.options, self.initialized, self.failure = None, False, failure

    def init(self) -> None:
        self.initialized = True

    def get(self, ref):
        return ref

    def remote(self, function):
        ray = self

        class Task:
            def options(self, **options):
                ray.options = options
                return self

            def remote(self, *args):
                if ray.failure is not None:
                    raise ray.failure
                return iter(function(*args))

        return Task()


def test_run_as_task_relays_the_tasks_events(plugin_dir, monkeypatch, saved_environ):
    monkeypatch.chdir(plugin_dir)
    ray = FakeRay()
    monkeypatch.setitem(sys.modules, "ray", ray)
    sink = EventSink(stderr=False)
    assert run_as_task("chatty", {}, "job-3", {"num_cpus": 2.0, "num_gpus": 1.0}, sink) is True
    assert ray.initialized
    assert ray.options == {"num_cpus": 2.0, "num_returns": "streaming", "num_gpus": 1.0}
    assert [e["event"] for e in sink.events] == ["log", "progress", "log", "result"]

    failed = EventSink(stderr=False)
    assert run_as_task("crash", {}, None, {}, failed) is False
    assert ray.options == {"num_cpus": 1, "num_returns": "streaming"}
    assert [e["event"] for e in failed.events] == ["log", "error"]


def test_run_as_task_reports_why_the_task_could_not_run(monkeypatch):
    class TaskError(Exception):
        cause = RuntimeError("the worker died")

    monkeypatch.setitem(sys.modules, "ray", FakeRay(failure=TaskError("wrapped")))
    sink = EventSink(stderr=False)
    assert run_as_task("chatty", {}, None, {}, sink) is False
    (event,) = sink.events
    assert (event["class"], event["message"]) == ("RuntimeError", "the worker died")
