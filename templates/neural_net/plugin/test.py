"""Test action: measures a trained classifier's accuracy on a dataset split."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field
from synapse_sdk.plugins import BaseAction
from synapse_sdk.plugins.enums import PluginCategory, RunMethod
from synapse_sdk.plugins.errors import ExecutionError
from synapse_sdk.plugins.models.logger import LogLevel
from synapse_sdk.plugins.types import Dataset, TestResults

from plugin.files import data_root
from plugin.model import features, labelled_files, load_classifier


class TestParams(BaseModel):
    """Evaluation parameters: the dataset directory, its split and the model to evaluate."""

    path: str = Field(..., min_length=1, description="Directory of the dataset to evaluate on")
    split: str = Field(default="test", min_length=1, description="Split to evaluate (all files if it is absent)")
    model_path: str = Field(..., min_length=1, description="Model file or directory (the train result's weights_path)")


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
        model = load_classifier(Path(self.params.model_path))
        root = data_root(self.params.path)
        split: str | None = self.params.split
        files = labelled_files(root, split)
        if not files:
            self.log_message(f"No '{split}' split: evaluating every labelled file", LogLevel.WARNING)
            split, files = None, labelled_files(root)
        if not files:
            raise ExecutionError("The dataset has no labelled files", details={"path": str(root)})

        hits: dict[str, list[bool]] = {}
        for index, item in enumerate(files, start=1):
            guess = model.predict(features(item.path))[0][0]
            hits.setdefault(item.label, []).append(guess == item.label)
            self.set_progress(index, len(files), "test")

        correct = sum(sum(results) for results in hits.values())
        result = TestResult(
            split=split,
            total=len(files),
            correct=correct,
            accuracy=correct / len(files),
            per_label={label: sum(r) / len(r) for label, r in sorted(hits.items())},
        )
        self.set_metrics({"accuracy": result.accuracy, "total": result.total}, "test")
        self.log_message(f"Accuracy {result.accuracy:.3f} on {result.total} file(s)", LogLevel.SUCCESS)
        return result
