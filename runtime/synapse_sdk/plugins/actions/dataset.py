"""DatasetAction: downloading or converting a dataset (``params.dataset``)."""

from __future__ import annotations

from ..enums import RunMethod
from .base import BaseAction, P, ProgressCategories


class DatasetProgress(ProgressCategories):
    DOWNLOAD = "download"
    CONVERT = "convert"


class DatasetAction(BaseAction[P]):
    method = RunMethod.JOB
    progress = DatasetProgress

    def execute(self):
        """Default (upstream's DatasetAction is concrete too): resolve ``params.dataset``
        in the local store and return ``{id, name, path, splits}``."""
        self.set_progress(0, 1, self.progress.DOWNLOAD)
        dataset = self.get_dataset()
        self.set_progress(1, 1, self.progress.DOWNLOAD)
        return dataset


__all__ = ["DatasetAction", "DatasetProgress"]
