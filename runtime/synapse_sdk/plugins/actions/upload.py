"""BaseUploadAction: uploading files into Synapse, and upstream's upload names.

Upstream's ``BaseUploadAction.execute`` runs the steps ``setup_steps`` registers, and
``DefaultUploadAction`` registers its built-in workflow (storage, data collection, data
units), which needs the backend. Here an ``execute`` of the plugin's own runs as is, custom
steps run in order, and the built-in workflow fails with a message saying it needs the
backend.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from ..enums import PluginCategory, RunMethod
from ..errors import ExecutionError
from ..steps import BaseStepContext, StepRegistry
from ._steps import StepWorkflow
from .base import BaseAction, P, ProgressCategories


class UploadProgress(ProgressCategories):
    UPLOAD = "upload"


class AssetConfig(BaseModel):
    """Where one asset's files are (multi-path uploads)."""

    path: str
    is_recursive: bool = True


class UploadParams(BaseModel):
    """Upstream's upload params: the target storage and data collection, and the files."""

    model_config = ConfigDict(extra="allow")

    name: str
    description: str | None = None
    use_single_path: bool = True
    path: str | None = None
    is_recursive: bool = True
    assets: dict[str, AssetConfig] | None = None
    storage: int
    data_collection: int
    project: int | None = None


class UploadContext(BaseStepContext):
    """The context of upload steps."""


class UploadResult(BaseModel):
    success: bool
    steps_executed: int = 0
    steps_total: int = 0
    uploaded_files: int = 0
    data_units: int = 0


class BaseUploadAction(StepWorkflow, BaseAction[P]):
    category = PluginCategory.UPLOAD
    method = RunMethod.JOB
    progress = UploadProgress

    def get_allowed_extensions(self) -> dict[str, list[str]] | None:
        return None

    def execute(self) -> Any:
        result = self._run_steps()
        if result is None:
            raise ExecutionError(
                f"{type(self).__name__}: no steps registered. Override execute() or setup_steps() to register workflow steps."
            )
        return UploadResult(**result)


class DefaultUploadAction(BaseUploadAction[P]):
    """Upstream's upload with its built-in workflow; that workflow needs the backend."""

    def setup_steps(self, registry: StepRegistry[Any]) -> None:
        raise ExecutionError(
            f"{type(self).__name__}: the built-in upload workflow writes to a Synapse storage and data "
            "collection, which needs a backend; run it on the platform, or override setup_steps() or execute()",
            {"action": self.action_name},
        )


__all__ = [
    "AssetConfig",
    "BaseUploadAction",
    "DefaultUploadAction",
    "UploadContext",
    "UploadParams",
    "UploadProgress",
    "UploadResult",
]
