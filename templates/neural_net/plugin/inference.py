"""Inference action: runs a trained classifier on input files."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field
from synapse_sdk.plugins import BaseInferenceAction
from synapse_sdk.plugins.enums import PluginCategory, RunMethod
from synapse_sdk.plugins.errors import ExecutionError
from synapse_sdk.plugins.models.logger import LogLevel
from synapse_sdk.plugins.types import InferenceResults

from plugin.model import features, load_classifier


class InferenceParams(BaseModel):
    """Inference parameters: the files to classify and the model to use."""

    inputs: list[str] = Field(..., min_length=1, description="Paths of the files to classify")
    model_path: str = Field(..., min_length=1, description="Model file or directory (the train result's weights_path)")
    top_k: int = Field(default=1, ge=1, le=100, description="Labels to return per input")


class LabelScore(BaseModel):
    """One label and its probability."""

    label: str
    score: float


class Prediction(BaseModel):
    """The model's answer for one input."""

    input: str
    label: str
    score: float
    top_k: list[LabelScore]


class InferenceResult(BaseModel):
    """Predictions for every input, in input order."""

    model: str
    predictions: list[Prediction]


class InferenceAction(BaseInferenceAction[InferenceParams]):
    """Classify files with a model trained by the train action."""

    action_name = "inference"
    category = PluginCategory.NEURAL_NET
    method = RunMethod.TASK
    output_type = InferenceResults
    result_model = InferenceResult

    def execute(self) -> InferenceResult:
        missing = [item for item in self.params.inputs if not Path(item).is_file()]
        if missing:
            raise ExecutionError(f"Input files not found: {', '.join(missing)}", details={"missing": missing})

        self.set_progress(0, 1, self.progress.MODEL_LOAD)
        location = Path(self.params.model_path)
        model = load_classifier(location)
        self.set_progress(1, 1, self.progress.MODEL_LOAD)
        self.log_message(f"Loaded model with labels {', '.join(model.labels)} from {location}", LogLevel.INFO)

        predictions = []
        total = len(self.params.inputs)
        for index, item in enumerate(self.params.inputs, start=1):
            ranked = model.predict(features(item), self.params.top_k)
            predictions.append(
                Prediction(
                    input=item,
                    label=ranked[0][0],
                    score=ranked[0][1],
                    top_k=[LabelScore(label=label, score=score) for label, score in ranked],
                )
            )
            self.set_progress(index, total, self.progress.INFERENCE)

        self.log_message(f"Classified {total} input(s)", LogLevel.SUCCESS)
        return InferenceResult(model=str(location), predictions=predictions)
