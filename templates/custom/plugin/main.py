"""Main action: summarises the files under a directory (counts, sizes, largest files).

A starting point for any custom work: replace ``execute`` with yours and keep the shape
(validated params in, a result model out, progress and log messages on the way).
"""

from __future__ import annotations

import fnmatch
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, Field
from synapse_sdk.plugins import BaseAction
from synapse_sdk.plugins.enums import PluginCategory, RunMethod
from synapse_sdk.plugins.errors import ExecutionError
from synapse_sdk.plugins.models.logger import LogLevel

from plugin.files import list_files


class MainParams(BaseModel):
    """Which files to summarise."""

    path: str = Field(default=".", min_length=1, description="Directory to summarise")
    pattern: str = Field(default="*", min_length=1, description="Glob the relative paths must match, e.g. *.py")
    top: int = Field(default=5, ge=0, le=100, description="How many of the largest files to list")


class FileSize(BaseModel):
    """A file and its size in bytes."""

    file: str
    size: int


class MainResult(BaseModel):
    """The summary."""

    path: str
    files: int
    total_bytes: int
    by_extension: dict[str, int]
    largest: list[FileSize]


class MainAction(BaseAction[MainParams]):
    """Summarise the files under a directory."""

    action_name = "main"
    category = PluginCategory.CUSTOM
    method = RunMethod.TASK
    result_model = MainResult

    def execute(self) -> MainResult:
        root = Path(self.params.path)
        if not root.is_dir():
            raise ExecutionError(f"Not a directory: {root}", details={"path": str(root)})
        self.log_message(f"Summarising {root.resolve()}", LogLevel.INFO)

        files = [f for f in list_files(root, include_annotations=True) if fnmatch.fnmatch(f.relative, self.params.pattern)]
        sizes = []
        for index, item in enumerate(files, start=1):
            sizes.append(FileSize(file=item.relative, size=item.path.stat().st_size))
            self.set_progress(index, len(files), "main")

        extensions = Counter(Path(s.file).suffix.lower() or "(none)" for s in sizes)
        largest = sorted(sizes, key=lambda s: (-s.size, s.file))[: self.params.top]
        total = sum(s.size for s in sizes)
        self.log_message(f"{len(sizes)} file(s), {total} bytes", LogLevel.SUCCESS)
        return MainResult(
            path=str(root),
            files=len(sizes),
            total_bytes=total,
            by_extension=dict(sorted(extensions.items())),
            largest=largest,
        )
