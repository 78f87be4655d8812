"""Train action: fits the classifier of ``plugin.model`` on a dataset's labelled files.

On the platform the SDK downloads dataset ``dataset`` first and calls
``execute(data_path, checkpoint)`` with where it put it; the weights written to the
returned ``weights_path`` are then uploaded as a model. ``data_path`` (a local directory)
trains on that directory instead, with no dataset download, so the action also runs
locally with ``synapse plugin run train``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from synapse_sdk.plugins.actions.train import BaseTrainAction, BaseTrainParams
from synapse_sdk.plugins.enums import PluginCategory, RunMethod
from synapse_sdk.plugins.errors import ExecutionError
from synapse_sdk.plugins.models.logger import LogLevel
from synapse_sdk.plugins.types import Dataset, ModelWeights

from plugin.files import data_root
from plugin.model import MODEL_FILE, Classifier, accuracy, features, labelled_files, load_classifier


class TrainParams(BaseTrainParams):
    """Training parameters (the platform may send them inside ``hyperparameters``)."""

    dataset: int | None = Field(default=None, description="ID of the dataset to train on")
    data_path: str | None = Field(default=None, description="Local dataset directory to train on instead")
    output_dir: str = Field(default="output", min_length=1, description="Directory to write the weights to")
    epochs: int = Field(default=10, ge=1, le=1000, description="Passes over the training files")
    batch_size: int = Field(default=8, ge=1, le=1024, description="Files per gradient step")
    learning_rate: float = Field(default=1.0, gt=0, le=100, description="Gradient step size")


class TrainResult(BaseModel):
    """What ``execute`` produced: the weights file and how well they fit."""

    weights_path: str
    labels: list[str]
    final_loss: float
    metrics: dict[str, float]


class TrainAction(BaseTrainAction[TrainParams]):
    """Train a model on a dataset whose files are grouped in one folder per label."""

    action_name = "train"
    category = PluginCategory.NEURAL_NET
    method = RunMethod.JOB
    input_type = Dataset
    output_type = ModelWeights

    def run(self) -> Any:
        """With ``data_path`` the local directory is the dataset: no download step."""
        if self.params.data_path:
            return self.execute(Path(self.params.data_path), self.get_checkpoint())
        return super().run()

    def execute(self, data_path: Path, checkpoint: dict[str, Any] | None) -> TrainResult:
        self.log_message("Starting training...", LogLevel.INFO)

        # Dataset: the "train" split when the dataset has one, else the files outside splits.
        root = data_root(data_path)
        files = labelled_files(root)
        train_files = [f for f in files if f.split == "train"] or [f for f in files if f.split is None]
        val_files = [f for f in files if f.split in ("val", "valid", "validation")]
        if not train_files:
            raise ExecutionError(
                "No labelled files to train on: put them in one folder per label, e.g. train/<label>/<file>",
                details={"path": str(root)},
            )
        self.log_message(f"{len(train_files)} training and {len(val_files)} validation files", LogLevel.INFO)

        # Model: resume from the checkpoint when one is given.
        labels = sorted({f.label for f in train_files})
        if checkpoint:
            model = load_classifier(checkpoint["path"])
            model.add_labels(labels)
            self.log_message(f"Resuming from {checkpoint.get('category', 'base')} checkpoint", LogLevel.INFO)
        else:
            model = Classifier.new(labels)
        train_set = [(features(f.path), model.labels.index(f.label)) for f in train_files]

        # Training loop: a fixed file order, so a run is reproducible.
        size = self.params.batch_size
        loss = 0.0
        for epoch in range(self.params.epochs):
            losses = [
                model.train_batch(train_set[i : i + size], self.params.learning_rate)
                for i in range(0, len(train_set), size)
            ]
            loss = sum(losses) / len(losses)
            self.set_progress(epoch + 1, self.params.epochs, "train")
            self.set_metrics({"epoch": epoch + 1, "loss": loss}, "train")

        metrics = {"train_accuracy": accuracy(model, train_files)}
        if val_files:
            metrics["val_accuracy"] = accuracy(model, val_files)
            self.set_metrics({"accuracy": metrics["val_accuracy"]}, "validation")

        out_dir = Path(self.params.output_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        weights = model.save(out_dir / MODEL_FILE)
        self.log_message(f"Weights written to {weights}", LogLevel.SUCCESS)
        return TrainResult(weights_path=str(weights), labels=model.labels, final_loss=loss, metrics=metrics)
