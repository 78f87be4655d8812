"""Action base classes, one module per kind."""

from .base import AnyParams, BaseAction, ProgressCategories
from .dataset import DatasetAction
from .export import BaseExportAction
from .inference import BaseInferenceAction
from .train import BaseTrainAction, BaseTrainParams
from .upload import BaseUploadAction

__all__ = [
    "AnyParams",
    "BaseAction",
    "BaseExportAction",
    "BaseInferenceAction",
    "BaseTrainAction",
    "BaseTrainParams",
    "BaseUploadAction",
    "DatasetAction",
    "ProgressCategories",
]
