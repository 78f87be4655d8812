import json
import math
from pathlib import Path

import pytest
from pydantic import ValidationError
from synapse_sdk.plugins.errors import PluginError

from plugin.model import load_classifier
from plugin.train import TrainAction, TrainParams


def test_train_params_validation():
    """Defaults fill in; out-of-range values are rejected; the platform's hyperparameters apply."""
    params = TrainParams(data_path="data")
    assert params.epochs == 10
    assert params.checkpoint is None
    assert TrainParams(dataset=3, hyperparameters=[{"epochs": 4}]).epochs == 4

    with pytest.raises(ValidationError):
        TrainParams(data_path="data", epochs=0)
    with pytest.raises(ValidationError):
        TrainParams(data_path="data", learning_rate=0)


def test_train_action_execution(run_action, dataset, tmp_path):
    """Training learns the two labels and writes a readable weights file."""
    result = run_action(TrainAction, {"data_path": str(dataset), "epochs": 5, "output_dir": str(tmp_path / "out")})

    assert result["labels"] == ["cat", "dog"]
    assert result["final_loss"] < math.log(2)  # better than guessing
    assert result["metrics"]["train_accuracy"] == 1.0
    assert result["metrics"]["val_accuracy"] == 1.0
    weights = json.loads(Path(result["weights_path"]).read_text())
    assert weights["labels"] == ["cat", "dog"]


def test_train_accepts_a_dataset_config_path(run_action, dataset, tmp_path):
    """The platform passes an exported dataset as <directory>/dataset.yaml: same files."""
    result = run_action(TrainAction, {"data_path": str(dataset / "dataset.yaml"), "epochs": 1,
                                      "output_dir": str(tmp_path / "out")})

    assert result["labels"] == ["cat", "dog"]


def test_resumed_model_keeps_its_labels(model_path):
    """A checkpoint's classifier gains new labels without losing the old ones."""
    model = load_classifier(model_path)
    model.add_labels(["dog", "bird"])

    assert model.labels == ["cat", "dog", "bird"]


def test_train_action_without_labelled_files(run_action, tmp_path):
    """A dataset with no label folders is a clear error."""
    (tmp_path / "loose").mkdir()
    (tmp_path / "loose" / "loose.txt").write_text("no label folder")

    with pytest.raises(PluginError):
        run_action(TrainAction, {"data_path": str(tmp_path / "loose"), "output_dir": str(tmp_path / "out")})
