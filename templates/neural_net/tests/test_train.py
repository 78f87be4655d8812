import json
import math
from pathlib import Path

import pytest
from pydantic import ValidationError
from synapse_sdk.plugins.errors import PluginError
from synapse_sdk.plugins.executors.local import LocalExecutor

from plugin.train import TrainAction, TrainParams


@pytest.fixture
def executor():
    return LocalExecutor(env={"TEST_MODE": "true"})


def test_train_params_validation():
    """Defaults fill in; out-of-range values are rejected."""
    params = TrainParams(dataset=1)
    assert params.epochs == 10
    assert params.checkpoint is None

    with pytest.raises(ValidationError):
        TrainParams(dataset=1, epochs=0)
    with pytest.raises(ValidationError):
        TrainParams(dataset=1, learning_rate=0)
    with pytest.raises(ValidationError):
        TrainParams(epochs=5)


def test_train_action_execution(executor, dataset):
    """Training learns the two labels and registers a readable weights file."""
    result = executor.execute(action_cls=TrainAction, params={"dataset": 1, "epochs": 5})

    assert result["labels"] == ["cat", "dog"]
    assert result["final_loss"] < math.log(2)  # better than guessing
    assert result["metrics"]["train_accuracy"] == 1.0
    assert result["metrics"]["val_accuracy"] == 1.0
    weights = json.loads(Path(result["model_path"]).read_text())
    assert weights["labels"] == ["cat", "dog"]


def test_train_action_with_checkpoint(executor, dataset, checkpoint):
    """Resuming from a trained checkpoint starts from a lower loss than starting afresh."""
    fresh = executor.execute(action_cls=TrainAction, params={"dataset": 1, "epochs": 1})
    resumed = executor.execute(action_cls=TrainAction, params={"dataset": 1, "epochs": 1, "checkpoint": 7})

    assert resumed["final_loss"] < fresh["final_loss"]


def test_train_action_without_labelled_files(executor, synapse_store):
    """A dataset with no label folders is a clear error."""
    synapse_store.add_dataset(2, files={"loose.txt": "no label folder"})

    with pytest.raises(PluginError):
        executor.execute(action_cls=TrainAction, params={"dataset": 2})
