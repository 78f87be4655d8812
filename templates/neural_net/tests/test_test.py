import pytest
from pydantic import ValidationError
from synapse_sdk.plugins.executors.local import LocalExecutor

# Imported as a module so that pytest does not mistake TestAction and TestParams for test classes.
from plugin import test as evaluation


@pytest.fixture
def executor():
    return LocalExecutor(env={"TEST_MODE": "true"})


def test_test_params_validation():
    """The dataset is required; the split defaults to "test"."""
    params = evaluation.TestParams(dataset=1, checkpoint=7)
    assert params.split == "test"

    with pytest.raises(ValidationError):
        evaluation.TestParams(checkpoint=7)
    with pytest.raises(ValidationError):
        evaluation.TestParams(dataset=1, split="")


def test_test_action_execution(executor, dataset, checkpoint):
    """The trained checkpoint labels every file of the test split correctly."""
    result = executor.execute(
        action_cls=evaluation.TestAction,
        params={"dataset": 1, "checkpoint": 7},
    )

    assert result["split"] == "test"
    assert result["total"] == 4
    assert result["accuracy"] == 1.0
    assert result["per_label"] == {"cat": 1.0, "dog": 1.0}


def test_test_action_without_the_split(executor, dataset, checkpoint):
    """A split the dataset lacks falls back to every labelled file."""
    result = executor.execute(
        action_cls=evaluation.TestAction,
        params={"dataset": 1, "checkpoint": 7, "split": "holdout"},
    )

    assert result["split"] is None
    assert result["total"] == 16
