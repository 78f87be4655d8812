"""The run_action runner: arguments, exit codes, stdout, and the JSON-lines event protocol.

The protocol tests start the runner in a subprocess with a real pipe as SYNAPSE_EVENTS_FD,
the way the synapse CLI does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import EVENTS_PLUGIN, GUIDE_PLUGIN, RUNTIME
from synapse_sdk.plugins import run_action


def run_cli(*args: str, extra_env: dict | None = None, events_fd: bool = True):
    """Run the runner in a subprocess; return (CompletedProcess, events read from the pipe)."""
    env = {**os.environ, **(extra_env or {})}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(RUNTIME), os.environ.get("PYTHONPATH")]))
    cmd = [sys.executable, "-m", "synapse_sdk.plugins.run_action", *args]
    if not events_fd:
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60), []
    read_fd, write_fd = os.pipe()
    env["SYNAPSE_EVENTS_FD"] = str(write_fd)
    received: list[bytes] = []

    def drain() -> None:
        with os.fdopen(read_fd, "rb") as pipe:
            received.append(pipe.read())

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        proc = subprocess.run(cmd, env=env, pass_fds=(write_fd,), capture_output=True, text=True, timeout=60)
    finally:
        os.close(write_fd)
        reader.join(timeout=60)
    lines = b"".join(received).decode("utf-8").splitlines()
    return proc, [json.loads(line) for line in lines]


def plugin_args(action: str, params: dict | str = "{}", plugin: Path = EVENTS_PLUGIN) -> list[str]:
    text = params if isinstance(params, str) else json.dumps(params)
    return ["--plugin-dir", str(plugin), "--action", action, "--params-json", text]


# -- the protocol, end to end -------------------------------------------------------------


def test_successful_run_streams_every_event_kind(tmp_path, guide_store):
    proc, events = run_cli(*plugin_args("train", {"dataset": 123, "epochs": 2, "out_dir": str(tmp_path)}),
                           "--job-id", "job-1")
    assert proc.returncode == 0, proc.stderr

    kinds = [e["event"] for e in events]
    assert kinds == ["log", "log", "progress", "metrics", "progress", "metrics", "log", "result"]
    start, debug = events[0], events[1]
    assert set(start) == {"event", "level", "message", "time"}
    assert (start["level"], start["message"]) == ("info", "Starting training...")
    assert start["time"].endswith("Z") and "T" in start["time"]
    assert debug == {**debug, "level": "debug", "message": "dataset guide-dataset has splits ['train', 'val']"}
    assert events[2] == {"event": "progress", "category": "train", "current": 1, "total": 2}
    assert events[3] == {"event": "metrics", "category": "train",
                         "values": {"epoch": 1, "loss": 0.5, "unstable": "NaN"}}
    assert events[6]["level"] == "success" and events[6]["message"] == "Model uploaded: 1"

    result = events[-1]["result"]
    assert result["model_id"] == 1 and result["final_loss"] == 0.25
    assert Path(result["model_path"]).read_bytes() == b"weights 2"
    assert Path(result["model_path"]).is_relative_to(guide_store.models_dir)
    # stdout: exactly one line, the same result as JSON
    assert proc.stdout.count("\n") == 1
    assert json.loads(proc.stdout) == result
    # stderr: the human-readable log lines
    assert "[INFO] Starting training...\n" in proc.stderr
    assert "[SUCCESS] Model uploaded: 1\n" in proc.stderr


def test_crash_ends_with_an_error_event_with_traceback():
    proc, events = run_cli(*plugin_args("crash"))
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert [e["event"] for e in events] == ["log", "error"]
    error = events[-1]
    assert set(error) == {"event", "class", "message", "details", "traceback"}
    assert (error["class"], error["message"], error["details"]) == ("ZeroDivisionError", "division by zero", None)
    assert error["traceback"].startswith("Traceback (most recent call last):")
    assert "in _divide" in error["traceback"] and error["traceback"].endswith("ZeroDivisionError: division by zero\n")
    assert "ZeroDivisionError: division by zero" in proc.stderr


def test_quiet_mode_leaves_presentation_to_the_events_reader():
    """The synapse CLI renders the events itself and asks the runner not to print them too."""
    proc, events = run_cli(*plugin_args("crash"), extra_env={"SYNAPSE_EVENTS_QUIET": "1"})
    assert proc.returncode == 1
    assert [e["event"] for e in events] == ["log", "error"]
    assert proc.stderr == ""
    # Without the events fd there is no reader, so quiet mode does not silence anything.
    proc, _ = run_cli(*plugin_args("crash"), extra_env={"SYNAPSE_EVENTS_QUIET": "1"}, events_fd=False)
    assert "ZeroDivisionError: division by zero" in proc.stderr


def test_invalid_params_give_field_errors():
    proc, events = run_cli(*plugin_args("train", {"dataset": "x", "epochs": 0}))
    assert proc.returncode == 1
    error = events[-1]
    assert error["class"] == "ValidationError"
    assert error["message"].startswith("3 validation errors for TrainParams: ")
    by_field = {tuple(d["loc"]): d for d in error["details"]}
    assert set(by_field) == {("dataset",), ("epochs",), ("out_dir",)}
    assert by_field[("epochs",)] == {"loc": ["epochs"], "msg": "Input should be greater than or equal to 1",
                                    "type": "greater_than_equal", "input": 0}
    assert by_field[("out_dir",)]["type"] == "missing"
    assert "Error: invalid params: 3 validation errors for TrainParams" in proc.stderr


def test_action_not_found_event_lists_available_actions():
    proc, events = run_cli(*plugin_args("deploy"))
    assert proc.returncode == 1
    assert events == [{**events[0], "event": "error", "class": "ActionNotFoundError"}]
    assert events[0]["details"]["available"][:3] == ["bad_result", "crash", "env"]
    assert "Error: Action 'deploy' not found" in proc.stderr


def test_plugin_output_never_reaches_stdout():
    proc, _ = run_cli(*plugin_args("noisy"), events_fd=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == '{"ok":true}\n'
    assert "python-level noise\n" in proc.stderr and "fd-level noise\n" in proc.stderr


def test_config_env_and_job_id_reach_the_action():
    proc, events = run_cli(*plugin_args("env", {"k": [1]}), "--job-id", "j-42")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result == {"action_name": "env", "greeting": "hello", "flag": "true", "count": "3",
                      "ctx_greeting": "hello", "job_id": "j-42", "params": {"k": [1]}}
    assert events == [{"event": "result", "result": result}]


# -- in-process: arguments and exit codes --------------------------------------------------


@pytest.fixture
def main(monkeypatch):
    """run_action.main in this process, with os.environ restored afterwards."""
    monkeypatch.setattr(os, "environ", os.environ.copy())
    return run_action.main


def test_main_success(main, capfd):
    assert main(plugin_args("train", {"dataset": 123, "epochs": 1}, plugin=GUIDE_PLUGIN)) == 0
    out, err = capfd.readouterr()
    assert json.loads(out)["final_loss"] == 0.5
    assert "[INFO] Starting training...\n" in err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--action", "train"], "the following arguments are required: --plugin-dir"),
        (["--plugin-dir", str(GUIDE_PLUGIN)], "the following arguments are required: --action"),
        (plugin_args("train", "{not json"), "--params-json is not valid JSON"),
        (plugin_args("train", "[1, 2]"), "--params-json must be a JSON object, got list"),
        (plugin_args("train", plugin=Path("/nonexistent/plugin")), "--plugin-dir /nonexistent/plugin: not a directory"),
        (plugin_args("train") + ["--unknown"], "unrecognized arguments: --unknown"),
    ],
)
def test_bad_arguments_exit_2_with_an_error_event(main, capfd, monkeypatch, argv, message):
    read_fd, write_fd = os.pipe()
    monkeypatch.setenv("SYNAPSE_EVENTS_FD", str(write_fd))
    try:
        assert main(argv) == 2
    finally:
        os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        events = [json.loads(line) for line in pipe.read().splitlines()]
    assert [(e["event"], e["class"]) for e in events] == [("error", "UsageError")]
    assert message in events[0]["message"]
    out, err = capfd.readouterr()
    assert out == ""
    assert "usage: python3 -m synapse_sdk.plugins.run_action" in err and message in err


def test_unusable_events_fd_is_a_usage_error(main, capfd, monkeypatch):
    monkeypatch.setenv("SYNAPSE_EVENTS_FD", "not-a-number")
    assert main(plugin_args("train")) == 2
    assert "SYNAPSE_EVENTS_FD='not-a-number' is not a file descriptor number" in capfd.readouterr().err


def test_failures_exit_1(main, capfd, tmp_path):
    assert main(plugin_args("bad_result")) == 1
    err = capfd.readouterr().err
    assert "Error: Action 'bad_result' returned a result that does not match StrictResult" in err
    assert main(plugin_args("needs_dependency")) == 1
    err = capfd.readouterr().err
    assert "ModuleNotFoundError: No module named 'synapse_test_dependency_that_does_not_exist'" in err
    assert "Hint: install the plugin's dependencies" in err
    assert main(["--plugin-dir", str(tmp_path), "--action", "train"]) == 1
    assert f"Error: Config file not found: {tmp_path}/config.yaml" in capfd.readouterr().err


def test_events_fd_reader_gone_does_not_fail_the_run(main, capfd, monkeypatch):
    read_fd, write_fd = os.pipe()
    os.close(read_fd)  # nobody reads: writes fail with EPIPE
    monkeypatch.setenv("SYNAPSE_EVENTS_FD", str(write_fd))
    try:
        assert main(plugin_args("train", {"dataset": 123, "epochs": 1}, plugin=GUIDE_PLUGIN)) == 0
    finally:
        os.close(write_fd)
    out, err = capfd.readouterr()
    assert json.loads(out)["final_loss"] == 0.5
    assert "stopped writing events" in err
