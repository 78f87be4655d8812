"""To-task action: turns a dataset's files and their annotations into annotation tasks."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field
from synapse_sdk.plugins import BaseAction
from synapse_sdk.plugins.enums import PluginCategory, RunMethod
from synapse_sdk.plugins.errors import ExecutionError
from synapse_sdk.plugins.models.logger import LogLevel
from synapse_sdk.plugins.types import Dataset

from plugin.files import data_root, list_files, load_annotations, write_json


class ToTaskParams(BaseModel):
    """The dataset, where its annotations come from, and where the tasks go."""

    path: str = Field(..., min_length=1, description="Directory of the dataset whose files become tasks")
    annotations_path: str | None = Field(default=None, description="A pre_annotate output file to attach")
    project: str = Field(default="default", min_length=1, description="Project the tasks belong to")
    include_unannotated: bool = Field(default=True, description="Also make tasks for files without annotations")
    output_dir: str = Field(default="output", min_length=1, description="Directory to write the tasks file to")


class ToTaskResult(BaseModel):
    """The tasks file and what it holds."""

    tasks_path: str
    project: str
    task_count: int
    with_annotations: int


class ToTaskAction(BaseAction[ToTaskParams]):
    """Create one annotation task per data file, pre-filled with any annotations it has.

    Annotations come from the ``annotations_path`` file (``{"annotations": [{"file": ...}]}``,
    as pre_annotate writes it) and from ``<file>.json`` files beside the data files.
    """

    action_name = "to_task"
    category = PluginCategory.PRE_ANNOTATION
    method = RunMethod.JOB
    input_type = Dataset
    result_model = ToTaskResult

    def execute(self) -> ToTaskResult:
        root = data_root(self.params.path)
        files = list_files(root)
        by_file = self._external_annotations()

        tasks = []
        for index, item in enumerate(files, start=1):
            annotations = list(by_file.get(item.relative, []))
            if item.annotation_path.is_file():
                annotations += load_annotations(item.annotation_path)
            if annotations or self.params.include_unannotated:
                tasks.append(
                    {
                        "id": len(tasks) + 1,
                        "project": self.params.project,
                        "data": {"file": item.relative, "split": item.split, "label": item.label},
                        "annotations": annotations,
                    }
                )
            self.set_progress(index, len(files), "to_task")

        tasks_path = write_json(
            Path(self.params.output_dir) / f"tasks-{root.name}.json",
            {"project": self.params.project, "dataset": str(root), "tasks": tasks},
        )
        with_annotations = sum(1 for task in tasks if task["annotations"])
        self.log_message(f"Created {len(tasks)} task(s) in project {self.params.project}", LogLevel.SUCCESS)
        return ToTaskResult(
            tasks_path=str(tasks_path),
            project=self.params.project,
            task_count=len(tasks),
            with_annotations=with_annotations,
        )

    def _external_annotations(self) -> dict[str, list[dict]]:
        """Annotations from ``annotations_path``, grouped by their ``file``."""
        if not self.params.annotations_path:
            return {}
        path = Path(self.params.annotations_path)
        if not path.is_file():
            raise ExecutionError(f"Annotations file not found: {path}", details={"annotations_path": str(path)})
        grouped: dict[str, list[dict]] = {}
        for annotation in load_annotations(path):
            entry = {k: v for k, v in annotation.items() if k != "file"}
            grouped.setdefault(str(annotation.get("file")), []).append(entry)
        return grouped
