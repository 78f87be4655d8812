"""Upload action: imports files from a source directory into a collection, skipping duplicates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pydantic import BaseModel, Field
from synapse_sdk.plugins import BaseUploadAction
from synapse_sdk.plugins.enums import PluginCategory, RunMethod
from synapse_sdk.plugins.errors import ExecutionError
from synapse_sdk.plugins.models.logger import LogLevel

from plugin.files import list_files, sha256_file, write_json

MANIFEST = "manifest.json"


class UploadParams(BaseModel):
    """Upload parameters."""

    source: str = Field(..., min_length=1, description="Directory (or single file) to import")
    extensions: list[str] = Field(default_factory=list, description="File extensions to import; all when empty")
    destination: str = Field(default="output/collection", min_length=1, description="Collection directory")
    skip_duplicates: bool = Field(default=True, description="Skip files whose content is already imported")


class UploadedFile(BaseModel):
    """One imported file."""

    source: str
    stored: str
    size: int
    sha256: str


class UploadResult(BaseModel):
    """What was imported."""

    destination: str
    uploaded: int
    skipped: int
    total_bytes: int
    files: list[UploadedFile]


class UploadAction(BaseUploadAction[UploadParams]):
    """Import files into a collection with a manifest of their checksums.

    Locally the collection is a directory; to send files to your own storage, change
    ``_store`` and keep the rest.
    """

    action_name = "upload"
    category = PluginCategory.UPLOAD
    method = RunMethod.JOB
    result_model = UploadResult

    def execute(self) -> UploadResult:
        source = Path(self.params.source)
        if not source.exists():
            raise ExecutionError(f"Source not found: {source}", details={"source": str(source)})
        if source.is_file():
            sources = [(source, source.name)]
        else:
            sources = [(f.path, f.relative) for f in list_files(source, self.params.extensions, include_annotations=True)]
        if not sources:
            raise ExecutionError(f"No files to upload in {source}", details={"extensions": self.params.extensions})

        destination = Path(self.params.destination)
        manifest = read_manifest(destination)
        known = {entry["sha256"] for entry in manifest}
        uploaded: list[UploadedFile] = []
        skipped = 0
        for index, (path, relative) in enumerate(sources, start=1):
            digest = sha256_file(path)
            if self.params.skip_duplicates and digest in known:
                self.log_message(f"Skipped {relative}: same content already uploaded", LogLevel.DEBUG)
                skipped += 1
            else:
                stored = self._store(path, destination / relative)
                uploaded.append(UploadedFile(source=str(path), stored=str(stored), size=path.stat().st_size, sha256=digest))
                known.add(digest)
            self.set_progress(index, len(sources), "upload")

        write_json(destination / MANIFEST, manifest + [entry.model_dump() for entry in uploaded])
        total = sum(entry.size for entry in uploaded)
        self.log_message(f"Uploaded {len(uploaded)} file(s) ({total} bytes), skipped {skipped}", LogLevel.SUCCESS)
        return UploadResult(
            destination=str(destination), uploaded=len(uploaded), skipped=skipped, total_bytes=total, files=uploaded
        )

    def _store(self, path: Path, target: Path) -> Path:
        """Puts one file into the collection and returns where it is."""
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        return target


def read_manifest(destination: Path) -> list[dict]:
    """The entries of the collection's manifest, or none for a new collection."""
    path = destination / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
