"""Train action: fits the classifier of ``plugin.model`` on a dataset and registers it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from pydantic import BaseModel, Field
from synapse_sdk.plugins import BaseTrainAction
from synapse_sdk.plugins.enums import PluginCategory, RunMethod
from synapse_sdk.plugins.errors import ExecutionError
from synapse_sdk.plugins.types import Dataset, ModelWeights

from plugin import PLUGIN_CODE, PLUGIN_NAME
from plugin.files import dataset_root
from plugin.model import MODEL_FILE, Classifier, accuracy, features, labelled_files, load_classifier


class TrainParams(BaseModel):
    """Training parameters."""

    dataset: int = Field(..., description="ID of the dataset to train on")
    checkpoint: int | None = Field(default=None, description="ID of a checkpoint to start from")
    epochs: int = Field(default=10, ge=1, le=1000, description="Passes over the training files")
    batch_size: int = Field(default=8, ge=1, le=1024, description="Files per gradient step")
    learning_rate: float = Field(default=1.0, gt=0, le=100, description="Gradient step size")


class TrainResult(BaseModel):
    """What a training run produced."""

    model_id: int | str
    model_path: str
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
    result_model = TrainResult

    def execute(self) -> TrainResult:
        self.ctx.log_message("Starting training...", "info")

        # Dataset: the "train" split when the dataset has one, else the files outside splits.
        self.set_progress(0, 1, self.progress.DATASET)
        dataset = self.get_dataset()
        files = labelled_files(dataset_root(dataset))
        train_files = [f for f in files if f.split == "train"] or [f for f in files if f.split is None]
        val_files = [f for f in files if f.split in ("val", "valid", "validation")]
        if not train_files:
            raise ExecutionError(
                "No labelled files to train on: put them in one folder per label, e.g. train/<label>/<file>",
                details={"dataset": dataset["id"], "path": str(dataset["path"])},
            )
        self.set_progress(1, 1, self.progress.DATASET)
        self.ctx.log_message(
            f"Loaded dataset {dataset['name']} ({dataset['id']}): "
            f"{len(train_files)} training and {len(val_files)} validation files",
            "info",
        )

        # Model: resume from the checkpoint when one is given.
        labels = sorted({f.label for f in train_files})
        checkpoint = self.get_checkpoint()
        if checkpoint:
            model = load_classifier(checkpoint["path"])
            model.add_labels(labels)
            self.ctx.log_message(f"Resuming from {checkpoint.get('category', 'base')} checkpoint", "info")
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
            self.set_progress(epoch + 1, self.params.epochs, self.progress.TRAIN)
            self.set_metrics({"epoch": epoch + 1, "loss": loss}, category="train")

        metrics = {"train_accuracy": accuracy(model, train_files)}
        if val_files:
            metrics["val_accuracy"] = accuracy(model, val_files)
            self.set_metrics({"accuracy": metrics["val_accuracy"]}, category="validation")

        # Save the weights and register them as a model.
        self.set_progress(0, 1, self.progress.MODEL_UPLOAD)
        with tempfile.TemporaryDirectory() as workdir:
            weights = model.save(Path(workdir) / MODEL_FILE)
            model_info = self.create_model(
                str(weights),
                name=f"{PLUGIN_CODE}-dataset-{dataset['id']}",
                description=f"{PLUGIN_NAME}, trained on {dataset['name']}",
                metrics=metrics,
            )
        self.set_progress(1, 1, self.progress.MODEL_UPLOAD)
        self.ctx.log_message(f"Model registered: {model_info['id']}", "success")

        return TrainResult(
            model_id=model_info["id"],
            model_path=str(model_info["path"]),
            labels=model.labels,
            final_loss=loss,
            metrics=metrics,
        )
