"""Action base classes, one module per kind (upstream's module paths)."""

from .auto_label import AutoLabelParams, AutoLabelProgressCategories, AutoLabelResult, BaseAutoLabelAction
from .base import AnyParams, BaseAction, NoResult, ProgressCategories
from .dataset import DatasetAction
from .export import BaseExportAction, BaseExporter
from .inference import (
    BaseDeploymentAction,
    BaseInferenceAction,
    BaseServeDeployment,
    DeploymentProgressCategories,
    InferenceProgressCategories,
)
from .to_task import ToTaskAction, ToTaskMethod, ToTaskParams, ToTaskResult
from .train import BaseTrainAction, BaseTrainParams
from .upload import BaseUploadAction, DefaultUploadAction, UploadParams

__all__ = [
    "AnyParams",
    "AutoLabelParams",
    "AutoLabelProgressCategories",
    "AutoLabelResult",
    "BaseAction",
    "BaseAutoLabelAction",
    "BaseDeploymentAction",
    "BaseExportAction",
    "BaseExporter",
    "BaseInferenceAction",
    "BaseServeDeployment",
    "BaseTrainAction",
    "BaseTrainParams",
    "BaseUploadAction",
    "DatasetAction",
    "DefaultUploadAction",
    "DeploymentProgressCategories",
    "InferenceProgressCategories",
    "NoResult",
    "ProgressCategories",
    "ToTaskAction",
    "ToTaskMethod",
    "ToTaskParams",
    "ToTaskResult",
    "UploadParams",
]
