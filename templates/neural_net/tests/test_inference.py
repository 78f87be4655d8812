from pathlib import Path

import pytest
from pydantic import ValidationError
from synapse_sdk.plugins.errors import PluginError
from synapse_sdk.plugins.executors.local import LocalExecutor

from plugin.inference import InferenceAction, InferenceParams


@pytest.fixture
def executor():
    return LocalExecutor(env={"TEST_MODE": "true"})


def test_inference_params_validation():
    """At least one input is required; top_k must be positive."""
    params = InferenceParams(inputs=["a.bin"], checkpoint=7)
    assert params.top_k == 1

    with pytest.raises(ValidationError):
        InferenceParams(inputs=[])
    with pytest.raises(ValidationError):
        InferenceParams(inputs=["a.bin"], top_k=0)


def test_inference_action_execution(executor, dataset, checkpoint):
    """Each input gets its label back, with the top_k labels ranked."""
    root = Path(dataset["path"])
    inputs = sorted(str(p) for p in root.glob("test/*/*") if p.is_file())

    result = executor.execute(
        action_cls=InferenceAction,
        params={"inputs": inputs, "checkpoint": 7, "top_k": 2},
    )

    assert [p["input"] for p in result["predictions"]] == inputs
    for prediction in result["predictions"]:
        assert prediction["label"] == Path(prediction["input"]).parent.name
        assert [s["label"] for s in prediction["top_k"]][0] == prediction["label"]
        assert len(prediction["top_k"]) == 2


def test_inference_action_needs_a_model(executor, dataset):
    """Without a checkpoint or model_path the action says what is missing."""
    some_file = next(str(p) for p in Path(dataset["path"]).rglob("*") if p.is_file())

    with pytest.raises(PluginError):
        executor.execute(action_cls=InferenceAction, params={"inputs": [some_file]})
