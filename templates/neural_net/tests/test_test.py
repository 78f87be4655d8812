import pytest
from pydantic import ValidationError

# Imported as a module so that pytest does not mistake TestAction and TestParams for test classes.
from plugin import test as evaluation


def test_test_params_validation():
    """The dataset and model are required; the split defaults to "test"."""
    params = evaluation.TestParams(path="data", model_path="model.json")
    assert params.split == "test"

    with pytest.raises(ValidationError):
        evaluation.TestParams(model_path="model.json")
    with pytest.raises(ValidationError):
        evaluation.TestParams(path="data", model_path="model.json", split="")


def test_test_action_execution(run_action, dataset, model_path):
    """The trained model labels every file of the test split correctly."""
    result = run_action(evaluation.TestAction, {"path": str(dataset), "model_path": model_path})

    assert result["split"] == "test"
    assert result["total"] == 4
    assert result["accuracy"] == 1.0
    assert result["per_label"] == {"cat": 1.0, "dog": 1.0}


def test_test_action_without_the_split(run_action, dataset, model_path):
    """A split the dataset lacks falls back to every labelled file."""
    result = run_action(evaluation.TestAction, {"path": str(dataset), "model_path": model_path, "split": "holdout"})

    assert result["split"] is None
    assert result["total"] == 16
