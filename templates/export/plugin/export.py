"""Export action: writes a dataset's files, labels and annotations as JSON Lines or CSV."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from synapse_sdk.plugins import BaseExportAction
from synapse_sdk.plugins.enums import PluginCategory, RunMethod
from synapse_sdk.plugins.errors import ExecutionError
from synapse_sdk.plugins.models.logger import LogLevel
from synapse_sdk.plugins.types import Dataset

from plugin.files import DataFile, data_root, list_files, load_annotations, sha256_file

CSV_COLUMNS = ["file", "split", "label", "size", "sha256", "annotations"]


class ExportParams(BaseModel):
    """Export parameters."""

    path: str = Field(..., min_length=1, description="Directory of the dataset to export")
    format: Literal["jsonl", "csv"] = Field(default="jsonl", description="Output format")
    output_dir: str = Field(default="output", min_length=1, description="Directory to write the export to")
    copy_files: bool = Field(default=False, description="Also copy the data files next to the export")


class ExportResult(BaseModel):
    """Where the export was written and what it holds."""

    output_path: str
    format: str
    exported: int
    annotated: int
    files_dir: str | None


class ExportAction(BaseExportAction[ExportParams]):
    """Export a dataset: one record per data file with its split, label and annotations."""

    action_name = "export"
    category = PluginCategory.EXPORT
    method = RunMethod.JOB
    input_type = Dataset
    result_model = ExportResult

    def execute(self) -> ExportResult:
        root = data_root(self.params.path)
        files = list_files(root)
        if not files:
            raise ExecutionError(f"Dataset {root} has no files to export", details={"path": str(root)})
        self.log_message(f"Exporting {len(files)} file(s) of {root.name} as {self.params.format}", LogLevel.INFO)

        out_dir = Path(self.params.output_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        files_dir = out_dir / f"dataset-{root.name}" if self.params.copy_files else None
        records = []
        for index, item in enumerate(files, start=1):
            records.append(self._record(item))
            if files_dir is not None:
                target = files_dir / item.relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(item.path, target)
            self.set_progress(index, len(files), "export")

        output_path = out_dir / f"dataset-{root.name}.{self.params.format}"
        if self.params.format == "jsonl":
            write_jsonl(output_path, records)
        else:
            write_csv(output_path, records)

        annotated = sum(1 for r in records if r["annotations"])
        self.log_message(f"Exported {len(records)} record(s) to {output_path}", LogLevel.SUCCESS)
        return ExportResult(
            output_path=str(output_path),
            format=self.params.format,
            exported=len(records),
            annotated=annotated,
            files_dir=str(files_dir) if files_dir else None,
        )

    def _record(self, item: DataFile) -> dict:
        """The exported record of one data file."""
        annotations = load_annotations(item.annotation_path) if item.annotation_path.is_file() else []
        return {
            "file": item.relative,
            "split": item.split,
            "label": item.label,
            "size": item.path.stat().st_size,
            "sha256": sha256_file(item.path),
            "annotations": annotations,
        }


def write_jsonl(path: Path, records: list[dict]) -> None:
    """One JSON object per line."""
    with open(path, "w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_csv(path: Path, records: list[dict]) -> None:
    """One row per record; the annotations column holds their JSON."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for record in records:
            writer.writerow({**record, "annotations": json.dumps(record["annotations"], ensure_ascii=False)})
