"""config.yaml and the code agree, and the plugin runs through it the way the CLI runs it."""

from __future__ import annotations

from synapse_sdk.plugins.runner import resolve_action, run_plugin

from conftest import DATASET_ID, EXAMPLE_DIR, SHAPES


def test_config_entrypoints_match_the_code():
    train_cls, config = resolve_action(EXAMPLE_DIR, "train")
    assert (config["code"], config["category"], config["data_type"]) == ("yolov8", "neural_net", "image")
    assert train_cls.__name__ == "TrainAction"
    assert train_cls.input_type.name == config["actions"]["train"]["input_type"] == "yolo_dataset"
    assert train_cls.output_type.name == config["actions"]["train"]["output_type"] == "model_weights"
    inference_cls, _ = resolve_action(EXAMPLE_DIR, "inference")
    assert inference_cls.__name__ == "InferenceAction"


def test_run_plugin_train_then_inference(shapes_store):
    """The guide's "Using Python" path: train by plugin directory, then infer with the new model's ID."""
    trained = run_plugin(str(EXAMPLE_DIR), "train", {"dataset": DATASET_ID, "epochs": 5}, mode="local")
    assert trained["metrics"]["mAP50"] > 0.5
    image = str(sorted((SHAPES / "images" / "val").glob("*.pgm"))[0])
    result = run_plugin(str(EXAMPLE_DIR), "inference", {"model": trained["model_id"], "images": [image]}, mode="local")
    assert result["predictions"][0]["detections"]
