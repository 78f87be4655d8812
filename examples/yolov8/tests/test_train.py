"""Train action tests, in the plugin development guide's Unit Testing style."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError
from synapse_sdk.plugins.errors import ExecutionError

from plugin.model import GridDetector
from plugin.train import TrainAction, TrainParams

from conftest import DATASET_ID, metric_values


def test_train_params_validation():
    """Test parameter validation."""
    # Valid params, with the guide's defaults
    params = TrainParams(dataset=123, epochs=10)
    assert params.epochs == 10
    assert (params.batch_size, params.learning_rate, params.checkpoint) == (16, 0.01, None)

    # Invalid params
    with pytest.raises(ValidationError):
        TrainParams(dataset=123, epochs=-1)
    with pytest.raises(ValidationError):
        TrainParams(dataset=123, epochs=1001)
    with pytest.raises(ValidationError):
        TrainParams(dataset=123, batch_size=0)
    with pytest.raises(ValidationError):
        TrainParams(dataset=123, learning_rate=1.0)
    with pytest.raises(ValidationError):
        TrainParams(epochs=5)  # dataset is required


def test_invalid_params_rejected_by_executor(executor, shapes_store):
    with pytest.raises(ValidationError):
        executor.execute(action_cls=TrainAction, params={"dataset": DATASET_ID, "epochs": 0})


def test_train_action_execution(executor, shapes_store):
    """A short run on the shipped dataset writes real weights and lowers the loss."""
    result = executor.execute(action_cls=TrainAction, params={"dataset": DATASET_ID, "epochs": 3})

    weights = Path(result["model_path"])
    assert weights.is_file() and weights.suffix == ".npz"
    assert GridDetector.load(weights).config.class_names == ("shape",)
    assert result["model_id"] is not None

    losses = [m["loss"] for m in metric_values(executor, "train")]
    assert len(losses) == 3
    assert losses[-1] < losses[0] * 0.5
    assert result["final_loss"] == pytest.approx(losses[-1])
    assert {"mAP50", "precision", "recall", "val_loss"} <= set(result["metrics"])

    progress = [e for e in executor.events if e["event"] == "progress" and e["category"] == "train"]
    assert [(e["current"], e["total"]) for e in progress] == [(1, 3), (2, 3), (3, 3)]


def test_default_training_is_useful(trained):
    """The defaults reach a useful detector on the shipped data (mAP50 well above chance)."""
    assert trained.result["metrics"]["mAP50"] > 0.5
    assert trained.result["metrics"]["recall"] > 0.5
    assert trained.result["final_loss"] < 0.5


def test_training_is_deterministic(executor, shapes_store):
    params = {"dataset": DATASET_ID, "epochs": 2}
    first = executor.execute(action_cls=TrainAction, params=params)
    second = executor.execute(action_cls=TrainAction, params=params)
    assert first["final_loss"] == second["final_loss"]
    with np.load(first["model_path"]) as a, np.load(second["model_path"]) as b:
        assert all(np.array_equal(a[k], b[k]) for k in ("W1", "b1", "W2", "b2"))


def _first_epoch_loss(executor, **params) -> float:
    executor.execute(action_cls=TrainAction, params={"dataset": DATASET_ID, "epochs": 1, **params})
    return metric_values(executor, "train")[0]["loss"]


def test_train_action_with_checkpoint(executor, shapes_store, trained, mocker):
    """Test training with checkpoint resumption (get_checkpoint mocked, as in the guide)."""
    fresh_loss = _first_epoch_loss(executor)

    mocker.patch.object(
        TrainAction,
        "get_checkpoint",
        return_value={"category": "base", "path": trained.weights},
    )
    resumed_loss = _first_epoch_loss(executor)

    # Starting from trained weights, the first epoch is already far better than from scratch.
    assert resumed_loss < fresh_loss * 0.2
    assert any("Resuming from checkpoint: base" in e.get("message", "") for e in executor.events)


def test_resume_from_registered_checkpoint(executor, shapes_store, trained):
    """The same through the store: a checkpoint registered by ID, passed as params.checkpoint."""
    shapes_store.add_checkpoint(7, path=trained.weights, category="finetune")
    result = executor.execute(action_cls=TrainAction, params={"dataset": DATASET_ID, "epochs": 1, "checkpoint": 7})
    assert result["metrics"]["mAP50"] > 0.5


def test_missing_dataset_is_a_clear_error(executor, synapse_store):
    with pytest.raises(Exception, match="Dataset 42 not found"):
        executor.execute(action_cls=TrainAction, params={"dataset": 42})


def test_dataset_without_yolo_layout_is_a_clear_error(executor, synapse_store):
    synapse_store.add_dataset(5, files={"notes.txt": "not a YOLO dataset"})
    with pytest.raises(ExecutionError, match="Dataset 5 has no train split"):
        executor.execute(action_cls=TrainAction, params={"dataset": 5})
    synapse_store.add_dataset(6, files={"images/train/0.pgm": b"GIF89a"})
    with pytest.raises(ExecutionError, match="Cannot read dataset 6: .*not a PGM"):
        executor.execute(action_cls=TrainAction, params={"dataset": 6})
