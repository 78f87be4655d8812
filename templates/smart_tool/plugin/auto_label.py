"""Auto-label action: suggests span annotations for a text with regular-expression rules."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, Field, field_validator, model_validator
from synapse_sdk.plugins import BaseInferenceAction
from synapse_sdk.plugins.enums import PluginCategory, RunMethod
from synapse_sdk.plugins.errors import ExecutionError
from synapse_sdk.plugins.models.logger import LogLevel

from plugin.files import read_text

# Label -> pattern. Replace or extend these with the rules (or the model) of your tool.
DEFAULT_PATTERNS = {
    "email": r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    "url": r"https?://[^\s<>\"']+",
    "date": r"\b\d{4}-\d{2}-\d{2}\b",
    "number": r"\b\d+(?:[.,]\d+)?\b",
}


class AutoLabelParams(BaseModel):
    """The item to label (inline text or a text file) and the rules to apply."""

    text: str | None = Field(default=None, description="Text to label")
    path: str | None = Field(default=None, description="Text file to label (instead of text)")
    patterns: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_PATTERNS), description="Label -> regex")
    labels: list[str] = Field(default_factory=list, description="Only suggest these labels; all when empty")

    @field_validator("patterns")
    @classmethod
    def patterns_compile(cls, patterns: dict[str, str]) -> dict[str, str]:
        """Every pattern must be a valid regular expression."""
        for label, pattern in patterns.items():
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"pattern for {label!r} is not a valid regex: {error}") from error
        return patterns

    @model_validator(mode="after")
    def one_input(self) -> AutoLabelParams:
        """Exactly one of text and path."""
        if (self.text is None) == (self.path is None):
            raise ValueError("give either 'text' or 'path'")
        return self


class Annotation(BaseModel):
    """A suggested span: characters [start, end) of the text."""

    label: str
    start: int
    end: int
    text: str
    score: float


class AutoLabelResult(BaseModel):
    """Suggestions in text order, and how many of each label."""

    annotations: list[Annotation]
    counts: dict[str, int]


class AutoLabelAction(BaseInferenceAction[AutoLabelParams]):
    """Suggest annotations for one item."""

    action_name = "auto_label"
    category = PluginCategory.SMART_TOOL
    method = RunMethod.TASK
    result_model = AutoLabelResult

    def execute(self) -> AutoLabelResult:
        text = self._load_text()
        rules = {
            label: re.compile(pattern)
            for label, pattern in self.params.patterns.items()
            if not self.params.labels or label in self.params.labels
        }

        # Every match of every rule, then the longest non-overlapping ones from left to right.
        candidates = []
        for index, (label, rule) in enumerate(rules.items(), start=1):
            candidates += [(m.start(), -(m.end() - m.start()), label, m) for m in rule.finditer(text) if m.end() > m.start()]
            self.set_progress(index, len(rules), self.progress.INFERENCE)
        annotations: list[Annotation] = []
        end = 0
        for start, _, label, match in sorted(candidates, key=lambda c: c[:3]):
            if start >= end:
                annotations.append(Annotation(label=label, start=start, end=match.end(), text=match.group(), score=1.0))
                end = match.end()

        counts: dict[str, int] = {}
        for annotation in annotations:
            counts[annotation.label] = counts.get(annotation.label, 0) + 1
        self.log_message(f"Suggested {len(annotations)} annotation(s)", LogLevel.SUCCESS)
        return AutoLabelResult(annotations=annotations, counts=counts)

    def _load_text(self) -> str:
        """The item's text: ``text`` itself, or the content of ``path``."""
        if self.params.text is not None:
            return self.params.text
        path = Path(self.params.path)
        text = read_text(path) if path.is_file() else None
        if text is None:
            raise ExecutionError(f"Not a readable UTF-8 text file: {path}", details={"path": str(path)})
        return text
