"""Inference action: detect objects in images with weights produced by the train action.

The weights come from `model`, either a path (a .npz file, or a directory holding one)
or the ID of a model that the train action saved with `create_model()`, looked up with
`get_model()`; or from `checkpoint`, a checkpoint ID resolved by `get_checkpoint()` (in
the local store a trained model's ID works there too). Boxes are returned both in pixels
of the original image and normalised like YOLO labels, to draw them or compare them with
labels.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, model_validator

from synapse_sdk.plugins import BaseInferenceAction
from synapse_sdk.plugins.enums import PluginCategory
from synapse_sdk.plugins.errors import ExecutionError

from .data import read_pgm, resize
from .metrics import xywh_to_xyxy
from .model import GridDetector, find_weights


class InferenceParams(BaseModel):
    """What to run on, and with which weights."""

    images: list[str] = Field(..., min_length=1, description="Paths of the images to run detection on")
    model: int | str | None = Field(
        default=None, description="Weights: a model ID from training, or a path to a .npz file or its directory"
    )
    checkpoint: int | None = Field(default=None, description="Checkpoint ID whose weights to use")
    conf_threshold: float = Field(default=0.25, ge=0, le=1, description="Drop detections less confident than this")
    iou_threshold: float = Field(default=0.45, gt=0, le=1, description="NMS: overlap above which the weaker box goes")

    @model_validator(mode="after")
    def _needs_weights(self) -> "InferenceParams":
        if self.model is None and self.checkpoint is None:
            raise ValueError("give the weights as 'model' (a model ID or a path) or 'checkpoint' (a checkpoint ID)")
        return self


class Detection(BaseModel):
    class_id: int
    class_name: str
    confidence: float
    bbox: list[float] = Field(description="x1, y1, x2, y2 in pixels of the original image")
    bbox_normalized: list[float] = Field(description="cx, cy, w, h in 0..1, as in YOLO labels")


class ImagePrediction(BaseModel):
    image: str
    width: int
    height: int
    detections: list[Detection]


class InferenceResult(BaseModel):
    model_path: str
    predictions: list[ImagePrediction]


class InferenceAction(BaseInferenceAction[InferenceParams]):
    """Run the trained detector on images and return boxes with scores."""

    category = PluginCategory.NEURAL_NET
    result_model = InferenceResult

    def execute(self) -> InferenceResult:
        params = self.params
        missing = [p for p in params.images if not Path(p).is_file()]
        if missing:
            raise ExecutionError(f"Image not found: {', '.join(missing)}", details={"missing": missing})

        self.set_progress(0, 1, self.progress.MODEL_LOAD)
        try:
            weights = find_weights(self._weights_path())
            detector = GridDetector.load(weights)
        except (OSError, ValueError, KeyError) as e:
            raise ExecutionError(f"Cannot load weights: {e}", details={"model": self.params.model}) from e
        self.set_progress(1, 1, self.progress.MODEL_LOAD)
        self.ctx.log_message(f"Loaded weights {weights}", "info")

        size = detector.config.image_size
        predictions = []
        for index, image_path in enumerate(params.images):
            image = read_pgm(image_path)
            height, width = image.shape
            (boxes,) = detector.predict(resize(image, size)[None], params.conf_threshold, params.iou_threshold)
            predictions.append(
                ImagePrediction(
                    image=image_path,
                    width=width,
                    height=height,
                    detections=[self._detection(box, width, height, detector) for box in boxes],
                )
            )
            self.set_progress(index + 1, len(params.images), self.progress.INFERENCE)
        found = sum(len(p.detections) for p in predictions)
        self.ctx.log_message(f"{found} detections in {len(predictions)} images", "success")
        return InferenceResult(model_path=str(weights), predictions=predictions)

    def _weights_path(self) -> Path:
        """Where the weights are: `model` (a path, or a model ID), else the checkpoint's path."""
        model = self.params.model
        if isinstance(model, str):
            return Path(model)
        if model is not None:
            return Path(self.get_model(model)["path"])
        checkpoint = self.get_checkpoint()
        if not checkpoint:
            raise ExecutionError(f"Checkpoint {self.params.checkpoint} not found", details={"id": self.params.checkpoint})
        return Path(checkpoint["path"])

    @staticmethod
    def _detection(box, width: int, height: int, detector: GridDetector) -> Detection:
        x1, y1, x2, y2 = (xywh_to_xyxy(box[:4]) * [width, height, width, height]).clip(0, [width, height, width, height])
        return Detection(
            class_id=0,
            class_name=detector.config.class_names[0],
            confidence=round(float(box[4]), 4),
            bbox=[round(float(v), 2) for v in (x1, y1, x2, y2)],
            bbox_normalized=[round(float(v), 5) for v in box[:4]],
        )
