"""Inference action tests: the trained weights find the objects of held-out images."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from synapse_sdk.plugins.executors.local import LocalExecutor

from plugin.data import read_labels
from plugin.inference import InferenceAction, InferenceParams
from plugin.metrics import box_iou

from conftest import SHAPES

VAL_IMAGES = sorted((SHAPES / "images" / "val").glob("*.pgm"))


def _label(image):
    return read_labels(SHAPES / "labels" / "val" / f"{image.stem}.txt")


def test_inference_params_validation():
    assert InferenceParams(images=["a.pgm"], model="w.npz").conf_threshold == 0.25
    with pytest.raises(ValidationError):
        InferenceParams(images=["a.pgm"])  # no weights given
    with pytest.raises(ValidationError):
        InferenceParams(images=[], model="w.npz")
    with pytest.raises(ValidationError):
        InferenceParams(images=["a.pgm"], model="w.npz", conf_threshold=1.5)


def test_inference_finds_the_object(executor, trained):
    """On a val image holding one object, the top detection overlaps it with IoU > 0.5."""
    image = next(p for p in VAL_IMAGES if len(_label(p)) == 1)
    result = executor.execute(
        action_cls=InferenceAction, params={"model": trained.weights, "images": [str(image)]}
    )
    (prediction,) = result["predictions"]
    assert (prediction["width"], prediction["height"]) == (32, 32)
    best = max(prediction["detections"], key=lambda d: d["confidence"])
    assert best["class_name"] == "shape"
    iou = box_iou(np.array([best["bbox_normalized"]]), _label(image)[:, 1:])[0, 0]
    assert iou > 0.5
    x1, y1, x2, y2 = best["bbox"]
    assert 0 <= x1 < x2 <= 32 and 0 <= y1 < y2 <= 32


def test_inference_recall_on_val(executor, trained):
    """Across the val split, most labelled objects are found."""
    result = executor.execute(
        action_cls=InferenceAction,
        params={"model": trained.weights, "images": [str(p) for p in VAL_IMAGES]},
    )
    found = total = 0
    for image, prediction in zip(VAL_IMAGES, result["predictions"]):
        truth = _label(image)[:, 1:]
        total += len(truth)
        if prediction["detections"]:
            boxes = np.array([d["bbox_normalized"] for d in prediction["detections"]])
            found += int((box_iou(truth, boxes).max(axis=1) > 0.5).sum())
    assert found / total > 0.7


def test_inference_weights_by_id(executor, synapse_store, trained):
    """Weights can also come from a model ID (get_model) or a checkpoint ID (get_checkpoint)."""
    image = str(VAL_IMAGES[0])
    by_path = executor.execute(action_cls=InferenceAction, params={"model": trained.weights, "images": [image]})
    assert by_path["predictions"][0]["detections"]

    in_trained_store = LocalExecutor(store=trained.store)
    model_id = trained.result["model_id"]
    by_model_id = in_trained_store.execute(action_cls=InferenceAction, params={"model": model_id, "images": [image]})
    assert by_model_id["predictions"] == by_path["predictions"]

    synapse_store.add_checkpoint(3, path=trained.weights)
    by_checkpoint = executor.execute(action_cls=InferenceAction, params={"checkpoint": 3, "images": [image]})
    assert by_checkpoint["predictions"] == by_path["predictions"]


def test_inference_unknown_model_id(executor, synapse_store):
    with pytest.raises(Exception, match="Model 99 not found"):
        executor.execute(action_cls=InferenceAction, params={"model": 99, "images": [str(VAL_IMAGES[0])]})


def test_inference_missing_image(executor, trained):
    with pytest.raises(Exception, match="Image not found"):
        executor.execute(
            action_cls=InferenceAction, params={"model": trained.weights, "images": ["/nonexistent.pgm"]}
        )
