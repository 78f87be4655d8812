"""Post-annotate action: cleans finished annotations (labels, scores, duplicates) and summarises them."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field
from synapse_sdk.plugins import BaseAction
from synapse_sdk.plugins.enums import PluginCategory, RunMethod
from synapse_sdk.plugins.models.logger import LogLevel
from synapse_sdk.plugins.types import Dataset

from plugin.files import data_root, list_files, load_annotations, write_json


class PostAnnotateParams(BaseModel):
    """The dataset holding the annotation files, and how to clean them."""

    path: str = Field(..., min_length=1, description="Directory of the dataset whose JSON annotation files are processed")
    label_map: dict[str, str] = Field(default_factory=dict, description="Rename labels (after lower-casing)")
    min_score: float = Field(default=0.0, ge=0, le=1, description="Drop annotations scored below this")
    output_dir: str = Field(default="output", min_length=1, description="Directory for the cleaned files")


class FileError(BaseModel):
    """An annotation file that could not be read."""

    file: str
    message: str


class PostAnnotateResult(BaseModel):
    """What was kept and dropped, and the label counts of what was kept."""

    output_dir: str
    files: int
    kept: int
    dropped: int
    label_counts: dict[str, int]
    errors: list[FileError]


class PostAnnotateAction(BaseAction[PostAnnotateParams]):
    """Normalise labels, drop unlabelled, low-score and duplicate annotations, count labels."""

    action_name = "post_annotate"
    category = PluginCategory.POST_ANNOTATION
    method = RunMethod.TASK
    input_type = Dataset
    result_model = PostAnnotateResult

    def execute(self) -> PostAnnotateResult:
        root = data_root(self.params.path)
        files = list_files(root, [".json"], include_annotations=True)
        out_dir = Path(self.params.output_dir) / f"dataset-{root.name}"
        label_map = {self._normalise(k): v for k, v in self.params.label_map.items()}
        kept = dropped = 0
        counts: dict[str, int] = {}
        errors: list[FileError] = []

        for index, item in enumerate(files, start=1):
            try:
                annotations = load_annotations(item.path)
            except ValueError as error:
                errors.append(FileError(file=item.relative, message=str(error)))
                continue
            cleaned = self._clean(annotations, label_map)
            kept += len(cleaned)
            dropped += len(annotations) - len(cleaned)
            for annotation in cleaned:
                counts[annotation["label"]] = counts.get(annotation["label"], 0) + 1
            write_json(out_dir / item.relative, {"annotations": cleaned})
            self.set_progress(index, len(files), "post_annotate")

        for error in errors:
            self.log_message(f"Skipped {error.file}: {error.message}", LogLevel.WARNING)
        self.log_message(f"Kept {kept} annotation(s), dropped {dropped}", LogLevel.SUCCESS)
        return PostAnnotateResult(
            output_dir=str(out_dir),
            files=len(files) - len(errors),
            kept=kept,
            dropped=dropped,
            label_counts=dict(sorted(counts.items())),
            errors=errors,
        )

    def _clean(self, annotations: list[dict], label_map: dict[str, str]) -> list[dict]:
        """The annotations worth keeping, with normalised labels, in their original order."""
        cleaned, seen = [], set()
        for annotation in annotations:
            label = self._normalise(annotation.get("label"))
            score = annotation.get("score", 1.0)
            if not label or not isinstance(score, (int, float)) or score < self.params.min_score:
                continue
            annotation = {**annotation, "label": label_map.get(label, label)}
            key = json.dumps(annotation, sort_keys=True)
            if key not in seen:
                seen.add(key)
                cleaned.append(annotation)
        return cleaned

    @staticmethod
    def _normalise(label: object) -> str:
        """A label trimmed, lower-cased and with inner whitespace collapsed ("" if not a string)."""
        return " ".join(label.split()).lower() if isinstance(label, str) else ""
