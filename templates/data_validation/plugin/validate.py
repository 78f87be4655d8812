"""Validate action: checks a dataset's files before annotation and reports the problems found."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, Field
from synapse_sdk.plugins import BaseAction
from synapse_sdk.plugins.enums import PluginCategory, RunMethod
from synapse_sdk.plugins.models.logger import LogLevel
from synapse_sdk.plugins.types import Dataset

from plugin.files import data_root, is_annotation, list_files, load_annotations, sha256_file


class ValidateParams(BaseModel):
    """The dataset and the rules to check it against."""

    path: str = Field(..., min_length=1, description="Directory of the dataset to check")
    allowed_extensions: list[str] = Field(default_factory=list, description="Allowed extensions; any when empty")
    max_file_size_mb: float = Field(default=100.0, gt=0, description="Largest allowed file, in MiB")
    min_files_per_label: int = Field(default=1, ge=0, description="Warn about labels with fewer files")
    check_duplicates: bool = Field(default=True, description="Warn about files with identical content")


class Issue(BaseModel):
    """One problem found in one file (or in the dataset as a whole)."""

    file: str | None
    rule: str
    message: str


class ValidateResult(BaseModel):
    """The verdict: valid unless an error was found; warnings do not fail validation."""

    valid: bool
    checked: int
    errors: list[Issue]
    warnings: list[Issue]
    labels: dict[str, int]


class ValidateAction(BaseAction[ValidateParams]):
    """Check a dataset: empty, oversized or unexpected files, broken annotations, duplicates."""

    action_name = "validate"
    category = PluginCategory.DATA_VALIDATION
    method = RunMethod.TASK
    input_type = Dataset
    result_model = ValidateResult

    def execute(self) -> ValidateResult:
        root = data_root(self.params.path)
        files = list_files(root, include_annotations=True)
        data_files = [f for f in files if not is_annotation(f.path)]
        errors: list[Issue] = []
        warnings: list[Issue] = []
        allowed = {e.lower() if e.startswith(".") else "." + e.lower() for e in self.params.allowed_extensions}
        max_bytes = self.params.max_file_size_mb * 1024 * 1024
        seen: dict[str, str] = {}

        for index, item in enumerate(files, start=1):
            size = item.path.stat().st_size
            if is_annotation(item.path):
                try:
                    load_annotations(item.path)
                except ValueError as error:  # includes JSON syntax errors
                    errors.append(Issue(file=item.relative, rule="annotation", message=str(error)))
                if not item.path.with_name(item.path.name[: -len(".json")]).is_file():
                    warnings.append(Issue(file=item.relative, rule="orphan", message="annotations of a missing file"))
            elif size == 0:
                errors.append(Issue(file=item.relative, rule="empty", message="the file is empty"))
            elif allowed and item.path.suffix.lower() not in allowed:
                errors.append(Issue(file=item.relative, rule="extension", message=f"{item.path.suffix!r} not allowed"))
            elif size > max_bytes:
                errors.append(Issue(file=item.relative, rule="size", message=f"{size} bytes is over the limit"))
            elif self.params.check_duplicates:
                digest = sha256_file(item.path)
                if digest in seen:
                    warnings.append(Issue(file=item.relative, rule="duplicate", message=f"same content as {seen[digest]}"))
                seen.setdefault(digest, item.relative)
            self.set_progress(index, len(files), "validate")

        labels = dict(sorted(Counter(f.label for f in data_files if f.label).items()))
        for label, count in labels.items():
            if count < self.params.min_files_per_label:
                warnings.append(Issue(file=None, rule="label_size", message=f"label {label!r} has {count} file(s)"))
        if not data_files:
            errors.append(Issue(file=None, rule="empty_dataset", message="the dataset has no data files"))

        for issue in errors:
            self.log_message(f"{issue.file or root.name}: {issue.message}", LogLevel.DANGER)
        verdict = "passed" if not errors else f"failed with {len(errors)} error(s)"
        self.log_message(f"Validation {verdict}, {len(warnings)} warning(s)", LogLevel.WARNING if errors else LogLevel.SUCCESS)
        return ValidateResult(valid=not errors, checked=len(files), errors=errors, warnings=warnings, labels=labels)
