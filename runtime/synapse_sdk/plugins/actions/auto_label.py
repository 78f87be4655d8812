"""BaseAutoLabelAction: upstream's smart-tool base (``handle_input`` → inference → ``handle_output``).

Upstream's ``run_inference`` calls a deployed neural_net plugin through the backend. Here
it fails with a message saying so unless the plugin overrides it (or ``execute``), so the
transforms can be run and tested locally with a model of the plugin's own.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..enums import PluginCategory, RunMethod
from ..errors import ExecutionError
from .base import BaseAction, P, ProgressCategories


class AutoLabelParams(BaseModel):
    """The neural_net plugin (code, version, model) whose inference labels the item."""

    model_config = ConfigDict(extra="allow")

    plugin: str = Field(description="Neural net plugin code for inference")
    version: str = Field(description="Neural net plugin version")
    model_id: int | None = Field(default=None, description="Model ID for inference")


class AutoLabelResult(BaseModel):
    annotations: list[dict[str, Any]] = Field(default_factory=list)
    metadata: dict[str, Any] = Field(default_factory=dict)


class AutoLabelProgress(ProgressCategories):
    INPUT_TRANSFORM = "input_transform"
    INFERENCE = "inference"
    OUTPUT_TRANSFORM = "output_transform"


AutoLabelProgressCategories = AutoLabelProgress


class BaseAutoLabelAction(BaseAction[P]):
    category = PluginCategory.SMART_TOOL
    method = RunMethod.TASK
    progress = AutoLabelProgress

    @abstractmethod
    def handle_input(self, input_data: dict[str, Any]) -> dict[str, Any]:
        """Smart-tool input → model input."""

    @abstractmethod
    def handle_output(self, output_data: dict[str, Any]) -> dict[str, Any]:
        """Model output → annotations."""

    def run_inference(self, model_input: dict[str, Any]) -> dict[str, Any]:
        raise ExecutionError(
            f"{type(self).__name__}: inference runs the neural_net plugin "
            f"{getattr(self.params, 'plugin', None)!r} deployed on the platform, which needs a backend; "
            "override run_inference() to call a model locally",
            {"plugin": getattr(self.params, "plugin", None), "version": getattr(self.params, "version", None)},
        )

    def execute(self) -> Any:
        params = self.params.model_dump() if hasattr(self.params, "model_dump") else dict(self.params)
        self.set_progress(1, 3, self.progress.INPUT_TRANSFORM)
        model_input = self.handle_input(params)
        if model_input is None:
            model_input = params
        self.set_progress(2, 3, self.progress.INFERENCE)
        output = self.run_inference(model_input)
        self.set_progress(3, 3, self.progress.OUTPUT_TRANSFORM)
        result = self.handle_output(output)
        return output if result is None else result


__all__ = [
    "AutoLabelParams",
    "AutoLabelProgress",
    "AutoLabelProgressCategories",
    "AutoLabelResult",
    "BaseAutoLabelAction",
]
