"""ToTaskAction: upstream's pre-annotation base that fills a project's tasks with data.

Upstream's workflow reads the project's tasks from the backend and annotates them (from
files or a model). Here an ``execute`` of the plugin's own runs as is; the built-in one
fails with a message saying it needs the backend.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..enums import PluginCategory, RunMethod, _StrEnum
from ..errors import ExecutionError
from .base import BaseAction


class ToTaskMethod(_StrEnum):
    FILE = "file"
    INFERENCE = "inference"


class ToTaskParams(BaseModel):
    model_config = ConfigDict(extra="allow", protected_namespaces=())

    name: str = Field(min_length=1)
    description: str | None = None
    project: int
    agent: int
    task_filters: dict[str, Any] = Field(default_factory=dict)
    method: ToTaskMethod = ToTaskMethod.FILE
    target_specification_name: str | None = None
    model: int | None = None
    pre_processor: int | None = None
    pre_processor_params: dict[str, Any] = Field(default_factory=dict)
    batch_size: int = Field(default=1, ge=1)
    task_schema: Literal["dm_schema_v1", "any"] = Field(default="dm_schema_v1", alias="schema")


class ToTaskResult(BaseModel):
    status: str
    message: str
    total_tasks: int
    success_count: int
    failed_count: int
    failures: list[dict[str, Any]] = Field(default_factory=list)


class ToTaskAction(BaseAction[ToTaskParams]):
    action_name = "to_task"
    category = PluginCategory.PRE_ANNOTATION
    method = RunMethod.JOB

    def execute(self) -> Any:
        raise ExecutionError(
            f"{type(self).__name__}: the built-in to_task workflow reads and updates the tasks of project "
            f"{getattr(self.params, 'project', None)!r} on the backend; run it on the platform or override execute()",
            {"project": getattr(self.params, "project", None)},
        )


__all__ = ["ToTaskAction", "ToTaskMethod", "ToTaskParams", "ToTaskResult"]
