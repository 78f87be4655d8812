"""BaseExportAction: exporting data out of Synapse."""

from __future__ import annotations

from ..enums import PluginCategory, RunMethod
from .base import BaseAction, P, ProgressCategories


class ExportProgress(ProgressCategories):
    EXPORT = "export"


class BaseExportAction(BaseAction[P]):
    category = PluginCategory.EXPORT
    method = RunMethod.JOB
    progress = ExportProgress


__all__ = ["BaseExportAction", "ExportProgress"]
