"""Pre-annotate action: gives each file of a dataset an initial label from keyword rules."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field, field_validator
from synapse_sdk.plugins import BaseInferenceAction
from synapse_sdk.plugins.enums import PluginCategory, RunMethod
from synapse_sdk.plugins.models.logger import LogLevel
from synapse_sdk.plugins.types import Dataset

from plugin.files import DataFile, data_root, list_files, read_text, write_json

# Label -> keywords. An example; replace it with your rules (or call your model in `_annotate`).
DEFAULT_RULES = {
    "positive": ["good", "great", "excellent", "love"],
    "negative": ["bad", "poor", "terrible", "hate"],
}


class PreAnnotateParams(BaseModel):
    """The dataset to annotate and the rules that pick a label."""

    path: str = Field(..., min_length=1, description="Directory of the dataset to annotate")
    rules: dict[str, list[str]] = Field(default_factory=lambda: dict(DEFAULT_RULES), description="Label -> keywords")
    min_score: float = Field(default=0.5, ge=0, le=1, description="Least share of keyword hits a label needs")
    output_path: str | None = Field(default=None, description="Also write the annotations to this JSON file")

    @field_validator("rules")
    @classmethod
    def rules_have_keywords(cls, rules: dict[str, list[str]]) -> dict[str, list[str]]:
        """At least one label, each with at least one non-blank keyword."""
        if not rules or any(not [k for k in keywords if k.strip()] for keywords in rules.values()):
            raise ValueError("give at least one label, each with at least one keyword")
        return rules


class FileAnnotation(BaseModel):
    """The initial annotation of one file."""

    file: str
    label: str
    score: float
    matches: dict[str, int]


class PreAnnotateResult(BaseModel):
    """Annotations for the files a rule matched; the rest are counted as unmatched."""

    dataset: str
    annotated: int
    unmatched: int
    annotations: list[FileAnnotation]
    output_path: str | None


class PreAnnotateAction(BaseInferenceAction[PreAnnotateParams]):
    """Annotate every file of a dataset whose name or text matches a label's keywords."""

    action_name = "pre_annotate"
    category = PluginCategory.PRE_ANNOTATION
    method = RunMethod.TASK
    input_type = Dataset
    result_model = PreAnnotateResult

    def execute(self) -> PreAnnotateResult:
        root = data_root(self.params.path)
        files = list_files(root)
        annotations = []
        for index, item in enumerate(files, start=1):
            annotation = self._annotate(item)
            if annotation is not None:
                annotations.append(annotation)
            self.set_progress(index, len(files), self.progress.INFERENCE)

        output_path = None
        if self.params.output_path:
            payload = {"dataset": str(root), "annotations": [a.model_dump() for a in annotations]}
            output_path = str(write_json(self.params.output_path, payload))
        self.log_message(f"Annotated {len(annotations)} of {len(files)} file(s)", LogLevel.SUCCESS)
        return PreAnnotateResult(
            dataset=str(root),
            annotated=len(annotations),
            unmatched=len(files) - len(annotations),
            annotations=annotations,
            output_path=output_path,
        )

    def _annotate(self, item: DataFile) -> FileAnnotation | None:
        """The best label for one file, or None when no label is clear enough."""
        content = f"{item.relative}\n{read_text(item.path) or ''}".lower()
        hits = {label: sum(count_word(content, k) for k in keywords) for label, keywords in self.params.rules.items()}
        total = sum(hits.values())
        if not total:
            return None
        label, best = max(hits.items(), key=lambda pair: pair[1])
        score = best / total
        if score < self.params.min_score or list(hits.values()).count(best) > 1:
            return None
        return FileAnnotation(file=item.relative, label=label, score=score, matches={k: v for k, v in hits.items() if v})


def count_word(text: str, keyword: str) -> int:
    """How often ``keyword`` occurs in lower-case ``text`` as a whole word (or phrase)."""
    keyword = keyword.strip().lower()
    return len(re.findall(rf"(?<!\w){re.escape(keyword)}(?!\w)", text)) if keyword else 0
