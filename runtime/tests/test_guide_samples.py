"""Every code sample of the plugin development guide, run as written.

- config.yaml, plugin/train.py, test_local.py and test_executor.py are the guide's files
  verbatim under fixtures/guide_plugin/; test_guide_unit_testing.py is its "Unit Testing"
  section verbatim.
- The fragments (Error Handling Pattern, Checkpoint Loading, Dataset Handling, Model
  Saving) are verbatim inside fixtures/guide_snippets/*.py, with a marked scaffold that
  only defines the names they use without defining.
The first test checks the copies against the guide when the guide is available.
"""

from __future__ import annotations

import os
import re
import runpy
from pathlib import Path

import pytest

from conftest import FIXTURES, GUIDE_MODEL_PATH, GUIDE_PLUGIN, TESTS, GuideTrainAction, redirect_create_model
from synapse_sdk.plugins import errors
from synapse_sdk.plugins.executors.local import LocalExecutor

# The guide lives in the shared notes beside the checkout (../shared), as the Swift tests'
# fixtures do.
GUIDE = Path(
    os.environ.get(
        "SYNAPSE_GUIDE",
        Path(__file__).resolve().parents[3] / "shared" / "reference" / "plugin-development-guide.md",
    )
)
SNIPPETS = FIXTURES / "guide_snippets"


def _guide_blocks() -> list[tuple[str, str]]:
    text = GUIDE.read_text(encoding="utf-8")
    return [(info.strip(), body) for info, body in re.findall(r"```\w+([^\n]*)\n(.*?)```", text, re.S)]


@pytest.mark.skipif(not GUIDE.is_file(), reason=f"guide not found at {GUIDE} (set SYNAPSE_GUIDE)")
def test_fixtures_are_the_guide_samples_verbatim():
    blocks = _guide_blocks()
    by_name: dict[str, list[str]] = {}
    for info, body in blocks:
        match = re.search(r'filename="([^"]+)"', info)
        if match:
            by_name.setdefault(match.group(1), []).append(body)

    assert (GUIDE_PLUGIN / "config.yaml").read_text() == by_name["config.yaml"][0]
    assert (GUIDE_PLUGIN / "plugin" / "train.py").read_text() == by_name["plugin/train.py"][0]
    assert (GUIDE_PLUGIN / "test_local.py").read_text() == by_name["test_local.py"][0]
    assert (GUIDE_PLUGIN / "test_executor.py").read_text() == by_name["test_executor.py"][0]
    assert (TESTS / "test_guide_unit_testing.py").read_text() == by_name["tests/test_train.py"][0]
    fragments = by_name["plugin/train.py"][1:]
    assert len(fragments) == 4
    for fragment, name in zip(fragments, ["error_handling", "checkpoint_loading", "dataset_handling", "model_saving"]):
        assert fragment in (SNIPPETS / f"{name}.py").read_text(), name


# -- "Implement Actions": the guide's TrainAction -----------------------------------------


def test_guide_train_action_events_and_model():
    executor = LocalExecutor(env={"TEST_MODE": "true"})
    result = executor.execute(action_cls=GuideTrainAction, params={"dataset": 123, "epochs": 3})

    assert result["final_loss"] == pytest.approx(0.49)
    assert result["metrics"] == {"mAP50": 0.85, "mAP50-95": 0.72}
    assert Path(result["model_path"]).read_bytes() == b"guide weights"

    ctx = executor.last_context
    progress = [(e["category"], e["current"], e["total"]) for e in ctx.sink.of("progress")]
    assert progress == [
        ("dataset", 0, 100), ("dataset", 100, 100),
        ("train", 1, 3), ("train", 2, 3), ("train", 3, 3),
        ("model_upload", 0, 100), ("model_upload", 100, 100),
    ]
    metrics = ctx.sink.of("metrics")
    assert [m["category"] for m in metrics] == ["train"] * 3
    assert metrics[-1]["values"] == {"epoch": 3, "loss": pytest.approx(0.49), "learning_rate": 0.01}
    assert ctx.sink.of("log")[0]["message"] == "Starting training..."
    assert ctx.events[-1] == {"event": "result", "result": result}
    assert ctx.env == {"TEST_MODE": "true"}


def test_guide_train_action_missing_weights_file_is_an_error_naming_it(monkeypatch):
    monkeypatch.delattr(GuideTrainAction, "create_model")  # undo the conftest redirect
    with pytest.raises(errors.ExecutionError) as info:
        LocalExecutor().execute(action_cls=GuideTrainAction, params={"dataset": 123, "epochs": 1})
    assert isinstance(info.value, errors.ResourceNotFoundError)
    assert GUIDE_MODEL_PATH in info.value.message
    assert info.value.details == {"path": GUIDE_MODEL_PATH}


def test_guide_train_action_missing_dataset_says_how_to_add_it(guide_store):
    with pytest.raises(errors.ResourceNotFoundError) as info:
        LocalExecutor().execute(action_cls=GuideTrainAction, params={"dataset": 456, "epochs": 1})
    message = info.value.message
    assert "Dataset 456 not found" in message
    assert str(guide_store.root) in message
    assert "LocalStore(" in message and ".add_dataset(456" in message
    assert str(guide_store.root / "datasets" / "456") in message


# -- "Local Testing": Using Python / Using LocalExecutor directly ------------------------


def test_using_python_sample_run_plugin_by_code(monkeypatch, capsys):
    monkeypatch.chdir(GUIDE_PLUGIN)
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    seen = {}
    original = GuideTrainAction._train_epoch

    def spy(self, epoch):
        seen["cuda"] = os.environ.get("CUDA_VISIBLE_DEVICES")
        seen["ctx"] = self.ctx.env.get("CUDA_VISIBLE_DEVICES")
        return original(self, epoch)

    monkeypatch.setattr(GuideTrainAction, "_train_epoch", spy)
    namespace = runpy.run_path(str(GUIDE_PLUGIN / "test_local.py"))

    result = namespace["result"]
    assert result["final_loss"] == pytest.approx(0.48)
    assert capsys.readouterr().out == f"Result: {result}\n"
    assert seen == {"cuda": "0", "ctx": "0"}  # config.yaml env, during the run
    assert "CUDA_VISIBLE_DEVICES" not in os.environ  # and restored after it


def test_using_local_executor_directly_sample(monkeypatch):
    monkeypatch.chdir(GUIDE_PLUGIN)
    namespace = runpy.run_path(str(GUIDE_PLUGIN / "test_executor.py"))
    result = namespace["result"]
    assert set(result) == {"model_path", "final_loss", "metrics"}
    assert result["final_loss"] == pytest.approx(0.48)
    executor = namespace["executor"]
    assert executor.last_context.job_id == "local-test-001"
    assert executor.last_context.env == {"DEBUG": "true"}
    assert executor.last_context.client is None


# -- "Error Handling Pattern" -----------------------------------------------------------


def test_error_handling_pattern_without_client():
    from guide_snippets.error_handling import TrainAction

    executor = LocalExecutor(job_id="job-7")
    with pytest.raises(errors.ExecutionError) as info:
        executor.execute(action_cls=TrainAction, params={"dataset": 123})
    assert info.value.message == "Training failed: Backend client required for training"
    assert info.value.details == {"epoch": 0}
    inner = info.value.__context__
    assert isinstance(inner, errors.ExecutionError)
    assert inner.details == {"job_id": "job-7"}
    assert executor.events[-1]["class"] == "ExecutionError"


def test_error_handling_pattern_validation_error_is_logged_and_reraised():
    from guide_snippets.error_handling import TrainAction

    executor = LocalExecutor(client=object())
    with pytest.raises(errors.ValidationError) as info:
        executor.execute(action_cls=TrainAction, params={})
    assert "dataset" in info.value.message
    danger = [e for e in executor.events if e["event"] == "log" and e["level"] == "danger"]
    assert danger[0]["message"] == f"Validation failed: {info.value.message}"


def test_error_handling_pattern_wraps_other_failures():
    from guide_snippets.error_handling import TrainAction

    with pytest.raises(errors.ExecutionError) as info:
        LocalExecutor(client=object()).execute(action_cls=TrainAction, params={"dataset": 999})
    assert info.value.message.startswith("Training failed: Dataset 999 not found")


def test_error_handling_pattern_succeeds_with_client_and_dataset():
    from guide_snippets.error_handling import TrainAction

    assert LocalExecutor(client=object()).execute(action_cls=TrainAction, params={"dataset": 123}) is None


# -- Common Patterns ----------------------------------------------------------------------


def test_checkpoint_loading_from_scratch():
    from guide_snippets import checkpoint_loading as sample

    sample.CALLS.clear()
    LocalExecutor().execute(action_cls=sample.CheckpointTrainAction, params={"epochs": 1})
    assert sample.CALLS == [("create_new_model",)]


def test_checkpoint_loading_from_params_checkpoint(guide_store, tmp_path):
    from guide_snippets import checkpoint_loading as sample

    weights = tmp_path / "yolov8n.pt"
    weights.write_bytes(b"pretrained")
    checkpoint = guide_store.add_checkpoint(7, path=weights, category="base")
    sample.CALLS.clear()
    executor = LocalExecutor()
    executor.execute(action_cls=sample.CheckpointTrainAction, params={"checkpoint": 7})
    assert sample.CALLS == [("load_model", checkpoint["path"])]
    assert executor.events[0]["message"] == "Loaded pretrained model: yolov8n"


def test_checkpoint_loading_from_ctx_checkpoint(tmp_path):
    from guide_snippets import checkpoint_loading as sample

    weights = tmp_path / "last.pt"
    weights.write_bytes(b"fine-tuned")
    sample.CALLS.clear()
    executor = LocalExecutor(checkpoint={"category": "finetune", "path": str(weights), "name": "run-3"})
    executor.execute(action_cls=sample.CheckpointTrainAction, params={"checkpoint": 999})  # ctx wins
    assert sample.CALLS == [("load_model", str(weights))]
    assert executor.events[0]["message"] == "Loaded fine-tuned model: run-3"


def test_checkpoint_loading_missing_checkpoint(guide_store):
    from guide_snippets import checkpoint_loading as sample

    with pytest.raises(errors.ResourceNotFoundError) as info:
        LocalExecutor().execute(action_cls=sample.CheckpointTrainAction, params={"checkpoint": 42})
    assert "Checkpoint 42 not found" in info.value.message
    assert ".add_checkpoint(42" in info.value.message
    assert str(guide_store.root) in info.value.message


def test_dataset_handling():
    from guide_snippets import dataset_handling as sample

    sample.CALLS.clear()
    executor = LocalExecutor()
    executor.execute(action_cls=sample.DatasetTrainAction, params={"dataset": 123})
    dataset = executor.last_action.get_dataset()
    assert sample.CALLS == [(dataset["path"], "train"), (dataset["path"], "val")]
    assert executor.events[0]["message"] == "Loaded dataset: guide-dataset (123)"
    assert set(dataset) == {"id", "name", "path", "splits"}
    assert dataset["splits"] == {"train": f"{dataset['path']}/train", "val": f"{dataset['path']}/val"}


def test_model_saving(monkeypatch, tmp_path, guide_store):
    from guide_snippets import model_saving as sample

    saved = tmp_path / "best.pt"
    monkeypatch.setitem(sample.PATHS, "/tmp/models/best.pt", saved)
    redirect_create_model(monkeypatch, sample.ModelSavingTrainAction, {"/tmp/models/best.pt": saved})
    executor = LocalExecutor()
    result = executor.execute(action_cls=sample.ModelSavingTrainAction, params={})

    assert result["model_id"] == 1
    assert Path(result["model_path"]).read_bytes() == b"trained weights"
    assert Path(result["model_path"]).is_relative_to(guide_store.models_dir)
    assert executor.events[0] == {**executor.events[0], "level": "success", "message": "Model uploaded: 1"}
    model = guide_store.get_model(1)
    assert model["name"] == "yolov8-detection"
    assert model["description"] == "Trained on custom dataset"
    assert model["metrics"] == {"mAP50": 0.85}
