"""The plugin API: action base classes, context, errors, enums and ``run_plugin``.

    from synapse_sdk.plugins import BaseTrainAction

    class TrainAction(BaseTrainAction[TrainParams]):
        def execute(self): ...
"""

from . import errors
from .actions import (
    BaseAction,
    BaseDeploymentAction,
    BaseExportAction,
    BaseInferenceAction,
    BaseServeDeployment,
    BaseTrainAction,
    BaseTrainParams,
    BaseUploadAction,
    DatasetAction,
)
from .context import RuntimeContext
from .enums import LogLevel, MetricsCategory, PluginCategory, RunMethod
from .events import EventSink
from .executors.local import LocalExecutor
from .runner import run_plugin
from .store import LocalStore

__all__ = [
    "BaseAction",
    "BaseDeploymentAction",
    "BaseExportAction",
    "BaseInferenceAction",
    "BaseServeDeployment",
    "BaseTrainAction",
    "BaseTrainParams",
    "BaseUploadAction",
    "DatasetAction",
    "EventSink",
    "LocalExecutor",
    "LocalStore",
    "LogLevel",
    "MetricsCategory",
    "PluginCategory",
    "RunMethod",
    "RuntimeContext",
    "errors",
    "run_plugin",
]
