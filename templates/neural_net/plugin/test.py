"""Test action: measures a trained classifier's accuracy on a dataset split."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field
from synapse_sdk.plugins import BaseAction
from synapse_sdk.plugins.enums import PluginCategory, RunMethod
from synapse_sdk.plugins.errors import ExecutionError
from synapse_sdk.plugins.types import Dataset, TestResults

from plugin.files import dataset_root
from plugin.model import features, labelled_files, load_classifier


class TestParams(BaseModel):
    """Evaluation parameters: the dataset, its split and the model to evaluate."""

    dataset: int = Field(..., description="ID of the dataset to evaluate on")
    split: str = Field(default="test", min_length=1, description="Split to evaluate (all files if it is absent)")
    checkpoint: int | None = Field(default=None, description="ID of the checkpoint to evaluate")
    model_path: str | None = Field(default=None, description="Model file or directory (instead of a checkpoint)")


class TestResult(BaseModel):
    """Accuracy overall and per label."""

    split: str | None
    total: int
    correct: int
    accuracy: float
    per_label: dict[str, float]


class TestAction(BaseAction[TestParams]):
    """Evaluate a trained model on the labelled files of a dataset."""

    action_name = "test"
    category = PluginCategory.NEURAL_NET
    method = RunMethod.TASK
    input_type = Dataset
    output_type = TestResults
    result_model = TestResult

    def execute(self) -> TestResult:
        model = load_classifier(self._model_location())
        dataset = self.get_dataset()
        root = dataset_root(dataset)
        split: str | None = self.params.split
        files = labelled_files(root, split)
        if not files:
            self.ctx.log_message(f"No '{split}' split: evaluating every labelled file", "warning")
            split, files = None, labelled_files(root)
        if not files:
            raise ExecutionError("The dataset has no labelled files", details={"dataset": dataset["id"]})

        hits: dict[str, list[bool]] = {}
        for index, item in enumerate(files, start=1):
            guess = model.predict(features(item.path))[0][0]
            hits.setdefault(item.label, []).append(guess == item.label)
            self.set_progress(index, len(files))

        correct = sum(sum(results) for results in hits.values())
        result = TestResult(
            split=split,
            total=len(files),
            correct=correct,
            accuracy=correct / len(files),
            per_label={label: sum(r) / len(r) for label, r in sorted(hits.items())},
        )
        self.set_metrics({"accuracy": result.accuracy, "total": result.total}, category="test")
        self.ctx.log_message(f"Accuracy {result.accuracy:.3f} on {result.total} file(s)", "success")
        return result

    def _model_location(self) -> Path:
        """The model file or directory: ``model_path`` if given, else the checkpoint's."""
        if self.params.model_path:
            return Path(self.params.model_path)
        checkpoint = self.get_checkpoint()
        if checkpoint:
            return Path(checkpoint["path"])
        raise ExecutionError("No model to test: pass 'checkpoint' or 'model_path' (e.g. the train result's model_path)")
