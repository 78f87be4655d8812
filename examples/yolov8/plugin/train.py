"""Train action: fit the numpy grid detector on a YOLO-format dataset.

It follows the plugin development guide's train sample step by step (dataset, optional
checkpoint, an epoch loop reporting progress and metrics, model upload), with real
training in place of the placeholder `_train_epoch`. See model.py for why the network is
a small numpy detector rather than ultralytics' YOLOv8.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field

from synapse_sdk.plugins import BaseTrainAction
from synapse_sdk.plugins.enums import PluginCategory
from synapse_sdk.plugins.errors import ExecutionError
from synapse_sdk.plugins.types import ModelWeights, YOLODataset

from .data import Split, class_names, flip_augment, load_split, split_dirs
from .metrics import average_precision, precision_recall
from .model import DetectorConfig, GridDetector

CONF_THRESHOLD = 0.25  # confidence at which precision and recall are reported, as in YOLO's val


class TrainParams(BaseModel):
    """Training parameters with validation."""

    dataset: int = Field(..., description="Dataset ID to train on")
    epochs: int = Field(default=100, ge=1, le=1000)
    batch_size: int = Field(default=16, ge=1, description="Images per gradient step")
    learning_rate: float = Field(default=0.01, gt=0, lt=1, description="Adam step size")
    checkpoint: int | None = Field(default=None, description="Checkpoint ID to start from (local mode)")
    augment: bool = Field(default=True, description="Train on flipped copies of the images too")
    seed: int = Field(default=0, description="Seeds weight initialisation and batch order")


class TrainResult(BaseModel):
    """Training result schema."""

    model_path: str
    final_loss: float
    metrics: dict[str, float]
    model_id: int | str | None = None  # pass it to the inference action as "model"


class TrainAction(BaseTrainAction[TrainParams]):
    """Train a YOLO-style object detector on a dataset."""

    category = PluginCategory.NEURAL_NET
    input_type = YOLODataset
    output_type = ModelWeights
    result_model = TrainResult

    def execute(self) -> TrainResult:
        params = self.params
        self.ctx.log_message("Starting training...", "info")

        # Load dataset
        self.set_progress(0, 100, self.progress.DATASET)
        dataset = self.get_dataset()
        names = class_names(dataset["path"])
        if len(names) > 1:
            self.ctx.log_message(f"This detector is single-class: {names} are trained as one class", "warning")
            names = ["object"]

        # Start from a checkpoint when one is given, else from seeded random weights
        detector = self._initial_detector(names)

        train, val = self._load_splits(dataset, detector.config.image_size)
        self.ctx.log_message(
            f"Loaded dataset: {dataset['name']} ({dataset['id']}): "
            f"{len(train)} train / {len(val)} val images, classes {names}",
            "info",
        )
        self.set_progress(100, 100, self.progress.DATASET)

        images, labels = flip_augment(train.images, train.labels) if params.augment else (train.images, train.labels)
        feats, obj, box = detector.features(images), *detector.targets(labels)
        val_feats, val_obj, val_box = detector.features(val.images), *detector.targets(val.labels)
        rng = np.random.default_rng(params.seed)

        # Training loop
        for epoch in range(params.epochs):
            loss = detector.train_epoch(feats, obj, box, params.batch_size, params.learning_rate, rng)
            if not np.isfinite(loss):
                raise ExecutionError(
                    f"Training diverged at epoch {epoch + 1} (loss {loss}); try a smaller learning_rate",
                    details={"epoch": epoch + 1, "learning_rate": params.learning_rate},
                )
            val_loss, _ = detector.loss_and_grads(val_feats, val_obj, val_box, with_grads=False)
            self.set_progress(epoch + 1, params.epochs, self.progress.TRAIN)
            self.set_metrics(
                {
                    "epoch": epoch + 1,
                    "loss": loss,
                    "val_loss": val_loss,
                    "mAP50": self._map50(detector, val_feats, val),
                    "learning_rate": params.learning_rate,
                },
                category="train",
            )

        metrics = self._evaluate(detector, val_feats, val)
        metrics["val_loss"] = val_loss
        self.set_metrics(metrics, category="validation")
        self.ctx.log_message(
            f"Validation: mAP50 {metrics['mAP50']:.3f}, precision {metrics['precision']:.3f}, "
            f"recall {metrics['recall']:.3f}",
            "info",
        )

        # Save and upload model: create_model copies the file, so a temporary directory will do
        self.set_progress(0, 100, self.progress.MODEL_UPLOAD)
        with tempfile.TemporaryDirectory(prefix="yolov8-") as tmp:
            weights = detector.save(Path(tmp) / "best.npz")
            model_info = self.create_model(
                str(weights),
                name="yolov8-trained",
                description=f"Grid detector trained on dataset {dataset['name']} for {params.epochs} epochs",
                metrics=metrics,
            )
        self.set_progress(100, 100, self.progress.MODEL_UPLOAD)
        self.ctx.log_message(f"Model saved: {model_info.get('id')} at {model_info['path']}", "success")

        return TrainResult(
            model_path=str(model_info["path"]), final_loss=loss, metrics=metrics, model_id=model_info.get("id")
        )

    # ------------------------------------------------------------------ helpers
    def _load_splits(self, dataset: dict, size: int) -> tuple[Split, Split]:
        """Train and val splits from the dataset's YOLO layout; train doubles as val if there is none."""
        dirs = split_dirs(dataset["path"])
        if "train" not in dirs:
            raise ExecutionError(
                f"Dataset {dataset['id']} has no train split",
                details={"path": str(dataset["path"]), "expected": "data.yaml 'train:' or images/train/"},
            )
        try:
            train = load_split("train", dirs["train"], size)
            val = load_split("val", dirs["val"], size) if "val" in dirs else None
        except (OSError, ValueError) as e:
            raise ExecutionError(f"Cannot read dataset {dataset['id']}: {e}", details={"path": str(dataset["path"])}) from e
        if val is None:
            self.ctx.log_message("Dataset has no val split: validating on the training images", "warning")
        return train, (val if val is not None else train)

    def _initial_detector(self, names: list[str]) -> GridDetector:
        checkpoint = self.get_checkpoint()
        if not checkpoint:
            return GridDetector(DetectorConfig(class_names=tuple(names)), seed=self.params.seed)
        detector = GridDetector.load(checkpoint["path"])
        kind = "pretrained" if checkpoint.get("category") == "base" else "fine-tuned"
        name = checkpoint.get("name") or checkpoint["path"]
        self.ctx.log_message(f"Resuming from checkpoint: {checkpoint.get('category')} ({kind} model {name})", "info")
        # One class in, one class out: the weights fit any single-class dataset, so only the label changes.
        detector.config = dataclasses.replace(detector.config, class_names=tuple(names))
        return detector

    @staticmethod
    def _map50(detector: GridDetector, feats: np.ndarray, split: Split) -> float:
        """mAP at IoU 0.5 over (nearly) all confidences, as YOLO's validation computes it."""
        detections = detector.detect(feats, conf_threshold=0.001)
        return average_precision(detections, [labels[:, 1:] for labels in split.labels], 0.5)

    def _evaluate(self, detector: GridDetector, feats: np.ndarray, split: Split) -> dict[str, float]:
        """mAP50, plus precision and recall at the reporting threshold."""
        truths = [labels[:, 1:] for labels in split.labels]
        precision, recall = precision_recall(detector.detect(feats, CONF_THRESHOLD), truths, CONF_THRESHOLD)
        return {"mAP50": self._map50(detector, feats, split), "precision": precision, "recall": recall}
