import pytest
from pydantic import ValidationError
from synapse_sdk.plugins.errors import PluginError

from plugin.inference import InferenceAction, InferenceParams


def test_inference_params_validation():
    """At least one input and a model are required; top_k must be positive."""
    params = InferenceParams(inputs=["a.bin"], model_path="model.json")
    assert params.top_k == 1

    with pytest.raises(ValidationError):
        InferenceParams(inputs=[], model_path="model.json")
    with pytest.raises(ValidationError):
        InferenceParams(inputs=["a.bin"])
    with pytest.raises(ValidationError):
        InferenceParams(inputs=["a.bin"], model_path="model.json", top_k=0)


def test_inference_action_execution(run_action, dataset, model_path):
    """Each input gets its label back, with the top_k labels ranked."""
    inputs = sorted(str(p) for p in dataset.glob("test/*/*") if p.is_file())

    result = run_action(InferenceAction, {"inputs": inputs, "model_path": model_path, "top_k": 2})

    assert [p["input"] for p in result["predictions"]] == inputs
    for prediction in result["predictions"]:
        assert prediction["label"] == prediction["input"].split("/")[-2]
        assert prediction["top_k"][0]["label"] == prediction["label"]
        assert len(prediction["top_k"]) == 2


def test_inference_action_missing_input(run_action, model_path, tmp_path):
    """A missing input file is named in the error."""
    with pytest.raises(PluginError, match="not-there"):
        run_action(InferenceAction, {"inputs": [str(tmp_path / "not-there.bin")], "model_path": model_path})
