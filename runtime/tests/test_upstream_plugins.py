"""Plugins written the way upstream's `plugin create` templates are run under this runtime.

``fixtures/upstream_style_plugin`` is written from upstream's documented shapes (dot-form
entrypoints, ``synapse_sdk.plugins.action``, ``...actions.train``, ``...models.logger``,
``self.logger.info``, ``execute(data_path, checkpoint)``, the upload/to_task/auto_label
bases, a BaseExporter and a plain function). Each action is run the way ``synapse plugin
run`` runs it, by the runner in a subprocess: what upstream's own ``plugin run --mode
local`` runs without a backend must run here with the same result shape, and what needs
the backend (or is not an action) must fail with a message that says why.

Where the shared upstream fixtures are present (``../shared/fixtures/upstream/pristine``,
plugins upstream generated), their runnable action is run too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, RUNTIME
from synapse_sdk.plugins import LogLevel, RuntimeContext
from synapse_sdk.plugins.actions.train import BaseTrainParams
from synapse_sdk.plugins.actions.upload import BaseUploadAction
from synapse_sdk.plugins.errors import ExecutionError
from synapse_sdk.plugins.events import EventSink
from synapse_sdk.plugins.executors.local import LocalExecutor
from synapse_sdk.plugins.models.logger import LogLevel as UpstreamPathLogLevel
from synapse_sdk.plugins.steps import BaseStep, StepRegistry, StepResult
from synapse_sdk.plugins.testing import LocalStore

UPSTREAM_STYLE = FIXTURES / "upstream_style_plugin"
PRISTINE = RUNTIME.parent.parent / "shared" / "fixtures" / "upstream" / "pristine"


@pytest.fixture
def plugin_copy(tmp_path):
    """A copy of the fixture plugin, so runs write nothing into the repository."""
    target = tmp_path / "plugin-copy"
    shutil.copytree(UPSTREAM_STYLE, target)
    return target


def run(plugin_dir: Path, action: str, params: dict, store: Path | None = None):
    """(exit status, stdout JSON or None, stderr) of ``run_action`` in a subprocess."""
    env = {k: v for k, v in os.environ.items() if k != "SYNAPSE_EVENTS_FD"}
    env["PYTHONPATH"] = str(RUNTIME)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if store is not None:
        env["SYNAPSE_LOCAL_STORE"] = str(store)
    proc = subprocess.run(
        [sys.executable, "-m", "synapse_sdk.plugins.run_action", "--plugin-dir", str(plugin_dir),
         "--action", action, "--params-json", json.dumps(params)],
        cwd=plugin_dir, env=env, capture_output=True, text=True, timeout=120,
    )
    lines = proc.stdout.strip().splitlines()
    return proc.returncode, json.loads(lines[-1]) if proc.returncode == 0 and lines else None, proc.stderr


def test_base_action_with_upstream_imports_and_logger(plugin_copy):
    """synapse_sdk.plugins.action, models.logger.LogLevel and self.logger.info, as upstream runs it."""
    status, result, stderr = run(plugin_copy, "check", {})

    assert status == 0, stderr
    assert result == {"python": f"{sys.version_info.major}.{sys.version_info.minor}", "gpu": None}
    assert "[INFO] python:" in stderr
    assert "[SUCCESS] environment checked" in stderr


def test_result_model_is_dumped_as_json(plugin_copy, tmp_path):
    """A BaseModel result is printed as its fields, as upstream's local run prints it."""
    source = tmp_path / "source"
    (source / "a").mkdir(parents=True)
    (source / "a" / "x.json").write_text("{}")

    status, result, stderr = run(plugin_copy, "convert", {"path": str(source), "target_format": "yolo"})

    assert status == 0, stderr
    assert result == {"path": str(source), "format": "yolo", "files": 1}


def test_upstream_train_form_gets_data_path_and_registers_weights(plugin_copy, tmp_path):
    """execute(data_path, checkpoint) gets the dataset's directory; hyperparameters[0] fills the
    params; the weights_path the result names is registered as a model (model_id added)."""
    store = LocalStore(tmp_path / "store")
    store.add_dataset(5, files={"train/cat/a.jpg": b"a", "train/dog/b.jpg": b"b"})

    status, result, stderr = run(
        plugin_copy, "train", {"dataset": 5, "hyperparameters": [{"epochs": 3}], "output_dir": str(tmp_path / "out")},
        store=tmp_path / "store",
    )

    assert status == 0, stderr
    assert result["epochs"] == 3 and result["files"] == 2
    assert Path(result["weights_path"]).read_text().startswith("2 files, 3 epochs, from None")
    model = store.get_model(result["model_id"])
    assert Path(model["path"]).read_text() == Path(result["weights_path"]).read_text()


def test_auto_label_transforms_run_with_a_local_model(plugin_copy):
    """handle_input -> run_inference -> handle_output, as upstream's BaseAutoLabelAction."""
    status, result, stderr = run(plugin_copy, "keyword_label", {"plugin": "nn", "version": "1", "text": "a BIG dog"})

    assert status == 0, stderr
    assert result == {"annotations": [{"label": "keyword", "text": "BIG"}]}


@pytest.mark.parametrize(
    ("action", "params", "reason"),
    [
        ("upload", {"name": "u", "path": ".", "storage": 1, "data_collection": 2}, "needs a backend"),
        ("to_task", {"name": "t", "project": 3, "agent": 4}, "on the backend"),
        ("auto_label", {"plugin": "nn", "version": "1"}, "needs a backend"),
    ],
)
def test_backend_workflows_fail_saying_why(plugin_copy, action, params, reason):
    """Upstream's built-in upload, to_task and auto_label inference need the backend (they fail
    under upstream's local run too); here they fail with that reason, not an AttributeError."""
    status, result, stderr = run(plugin_copy, action, params)

    assert status == 1
    assert result is None
    assert reason in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize("action", ["export", "main"])
def test_plain_class_and_function_entrypoints_are_not_run(plugin_copy, action):
    """A BaseExporter or a plain function has no dispatch on upstream's workers, which cannot
    run it; running it here would hide that, so the error says it is not an action."""
    status, _, stderr = run(plugin_copy, action, {})

    assert status == 1
    assert "is not a BaseAction subclass" in stderr


def test_log_level_enum_and_strings_are_the_same():
    """models.logger.LogLevel is the runtime's LogLevel; the enum and its string log alike."""
    assert UpstreamPathLogLevel is LogLevel
    ctx = RuntimeContext(sink=EventSink())
    ctx.log_message("a", LogLevel.DANGER)
    ctx.log_message("b", "danger")
    ctx.log_message("c", context=LogLevel.WARNING)

    assert [(e["level"], e["message"]) for e in ctx.events] == [("danger", "a"), ("danger", "b"), ("warning", "c")]


def test_hyperparameters_flatten_unless_tuning():
    params = BaseTrainParams.model_validate({"dataset": 1, "epochs": 2, "hyperparameters": [{"epochs": 9, "lr": 0.1}]})
    assert (params.epochs, params.lr) == (2, 0.1)  # given at the top level wins

    tune = BaseTrainParams.model_validate({"dataset": 1, "is_tune": True, "hyperparameters": [{"lr": 0.1}]})
    assert not hasattr(tune, "lr")


class Record(BaseStep):
    def __init__(self, name: str, fail: bool = False):
        self._name, self.fail = name, fail

    @property
    def name(self) -> str:
        return self._name

    def execute(self, context) -> StepResult:
        context.params.setdefault("trace", []).append(self._name)
        return StepResult(success=not self.fail, error="boom" if self.fail else None)

    def rollback(self, context, result) -> None:
        context.params["trace"].append(f"undo {self._name}")


def test_setup_steps_run_in_order_and_a_failure_rolls_back():
    """Upstream's BaseUploadAction.execute runs the steps setup_steps registers."""
    trace: list[str] = []

    class Stepped(BaseUploadAction):
        def setup_steps(self, registry: StepRegistry) -> None:
            registry.register(Record("scan"))
            registry.register(Record("store", fail=self.params.fail))

        def create_context(self):
            context = super().create_context()
            context.params["trace"] = trace
            return context

    result = LocalExecutor(env={}).execute(Stepped, {"fail": False})
    assert (result["success"], result["steps_executed"], trace) == (True, 2, ["scan", "store"])

    trace.clear()
    with pytest.raises(ExecutionError, match="Step 'store' failed: boom"):
        LocalExecutor(env={}).execute(Stepped, {"fail": True})
    assert trace == ["scan", "store", "undo scan"]


@pytest.mark.skipif(not PRISTINE.is_dir(), reason="the shared upstream fixtures are not checked out beside the project")
def test_upstream_generated_neural_net_test_action(tmp_path):
    """The one action of upstream's generated plugins that upstream's local run runs without a
    backend (neural_net `test`): same keys as upstream prints."""
    plugin = tmp_path / "yolov8"
    shutil.copytree(PRISTINE / "synapse-yolov8-plugin", plugin)

    status, result, stderr = run(plugin, "test", {})

    assert status == 0, stderr
    assert sorted(result) == ["cuda_available", "platform", "python_version"]
    assert "[INFO] python_version:" in stderr


@pytest.mark.skipif(not PRISTINE.is_dir(), reason="the shared upstream fixtures are not checked out beside the project")
def test_upstream_generated_download_reads_the_local_store(tmp_path):
    """Upstream's generated download calls DatasetAction with DatasetParams(operation=download);
    upstream needs the backend for it, here the local store stands in."""
    plugin = tmp_path / "yolov8"
    shutil.copytree(PRISTINE / "synapse-yolov8-plugin", plugin)
    LocalStore(tmp_path / "store").add_dataset(4, files={"train/a.json": "{}", "train/a.jpg": b"a"})

    status, result, stderr = run(plugin, "download", {"dataset": 4}, store=tmp_path / "store")

    assert status == 0, stderr
    assert result["count"] == 2 and result["format"] == "dm_v2"
    assert Path(result["path"]).is_dir()
