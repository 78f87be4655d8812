"""DatasetAction: downloading or converting a dataset (``params.dataset``).

With upstream's ``DatasetParams`` (``operation`` download or convert), as upstream's
generated download/convert actions call it: a download resolves the dataset in the local
store (which stands in for the backend here) and returns upstream's ``DatasetResult``; a
format conversion needs upstream's converters, which this runtime does not have, and says
so. With other params it returns the store's ``{id, name, path, splits}``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from ..enums import RunMethod, _StrEnum
from ..errors import ExecutionError
from .base import BaseAction, P, ProgressCategories


class DatasetProgress(ProgressCategories):
    DOWNLOAD = "download"
    CONVERT = "convert"


class DatasetOperation(_StrEnum):
    DOWNLOAD = "download"
    CONVERT = "convert"


class DatasetParams(BaseModel):
    operation: DatasetOperation = DatasetOperation.DOWNLOAD
    dataset: int | None = Field(default=None, description="Ground truth dataset ID")
    splits: dict[str, dict[str, Any]] | None = None
    path: Path | str | None = None
    source_format: str = "dm_v2"
    target_format: str = "yolo"
    dm_version: str = "v2"
    output_dir: Path | str | None = None
    is_categorized: bool = False


class DatasetResult(BaseModel):
    path: Path
    format: str
    is_categorized: bool = False
    config_path: Path | None = None
    count: int | None = None
    source_path: Path | None = None


class DatasetAction(BaseAction[P]):
    method = RunMethod.JOB
    progress = DatasetProgress

    def execute(self) -> Any:
        """Default (upstream's DatasetAction is concrete too)."""
        operation = getattr(self.params, "operation", None)
        if operation == DatasetOperation.CONVERT:
            raise ExecutionError(
                f"Converting a dataset from {self.params.source_format} to {self.params.target_format} needs "
                "upstream's converters, which are not part of synapse's runtime; convert it in the plugin's own code",
                {"source_format": self.params.source_format, "target_format": self.params.target_format},
            )
        self.set_progress(0, 1, self.progress.DOWNLOAD)
        dataset = self.get_dataset()
        self.set_progress(1, 1, self.progress.DOWNLOAD)
        if operation is None:
            return dataset
        root = Path(dataset["path"])
        files = [p for p in root.rglob("*") if p.is_file()]
        return DatasetResult(path=root, format=self.params.source_format, is_categorized=bool(dataset.get("splits")),
                             count=len(files))


__all__ = ["DatasetAction", "DatasetOperation", "DatasetParams", "DatasetProgress", "DatasetResult"]
