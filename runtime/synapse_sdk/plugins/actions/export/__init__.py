"""BaseExportAction: exporting data out of Synapse (``exporter`` holds upstream's BaseExporter)."""

from __future__ import annotations

from typing import Any

from ...enums import PluginCategory, RunMethod
from .._steps import StepWorkflow
from ..base import BaseAction, P, ProgressCategories
from .exporter import BaseExporter


class ExportProgress(ProgressCategories):
    EXPORT = "export"


class BaseExportAction(StepWorkflow, BaseAction[P]):
    category = PluginCategory.EXPORT
    method = RunMethod.JOB
    progress = ExportProgress

    def run(self) -> Any:
        result = self._run_steps()
        return self.execute() if result is None else result


__all__ = ["BaseExportAction", "BaseExporter", "ExportProgress"]
