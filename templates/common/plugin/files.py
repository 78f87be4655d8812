"""Helpers for reading the files of a dataset (or any directory) without extra dependencies.

A dataset is a directory. Its files may be grouped by split and by label::

    <root>/<split>/<label>/<file>    train/cat/0001.jpg
    <root>/<label>/<file>            cat/0001.jpg
    <root>/<file>                    0001.jpg (no label)

A split is a first-level directory named train, val, valid, validation or test. The
annotations of a data file, when it has any, are in a JSON file beside it named after it
plus ``.json`` (``0001.jpg.json``), holding a list of objects or ``{"annotations": [...]}``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

SPLITS = ("train", "val", "valid", "validation", "test")
ANNOTATION_SUFFIX = ".json"


@dataclass(frozen=True)
class DataFile:
    """One file of a dataset, with the split and label its location gives it."""

    path: Path
    relative: str
    split: str | None
    label: str | None

    @property
    def annotation_path(self) -> Path:
        """Where this file's annotations are, whether or not they exist."""
        return self.path.with_name(self.path.name + ANNOTATION_SUFFIX)


def data_root(path: Path | str) -> Path:
    """The directory holding a dataset's files, checked to exist.

    A dataset config file inside it names it too: on the platform the train workflow
    passes an exported dataset as ``<directory>/dataset.yaml``.
    """
    root = Path(path)
    if root.is_file() or (not root.exists() and root.suffix in (".yaml", ".yml")):
        root = root.parent
    if not root.is_dir():
        raise FileNotFoundError(f"no dataset directory at {path}")
    return root


def list_files(
    root: Path | str,
    extensions: Iterable[str] = (),
    include_annotations: bool = False,
) -> list[DataFile]:
    """Every file under ``root`` in path order, skipping hidden files and caches.

    ``extensions`` (such as ``[".jpg", ".png"]``, matched case-insensitively) keeps only
    those files when given. Annotation files are left out unless ``include_annotations``.
    """
    root = Path(root)
    wanted = {ext.lower() if ext.startswith(".") else "." + ext.lower() for ext in extensions}
    found = []
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if not path.is_file() or any(p.startswith(".") or p == "__pycache__" for p in parts):
            continue
        if not include_annotations and is_annotation(path):
            continue
        if wanted and path.suffix.lower() not in wanted:
            continue
        split = parts[0] if len(parts) > 1 and parts[0] in SPLITS else None
        folders = parts[1:-1] if split else parts[:-1]
        found.append(DataFile(path, "/".join(parts), split, folders[-1] if folders else None))
    return found


def is_annotation(path: Path) -> bool:
    """Whether ``path`` is the annotation file of another file (``x.jpg.json``)."""
    name = path.name
    return name.endswith(ANNOTATION_SUFFIX) and "." in name[: -len(ANNOTATION_SUFFIX)]


def read_text(path: Path, limit: int = 1_000_000) -> str | None:
    """The first ``limit`` bytes of a file as UTF-8 text, or None if it is not text."""
    with open(path, "rb") as f:
        data = f.read(limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's content, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_annotations(path: Path) -> list[dict[str, Any]]:
    """The annotations in a JSON file: a list of objects or ``{"annotations": [...]}``."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    items = data.get("annotations", []) if isinstance(data, dict) else data
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ValueError(f"{path}: expected a list of annotation objects")
    return items


def write_json(path: Path | str, data: Any) -> Path:
    """Writes ``data`` as indented UTF-8 JSON, creating parent directories."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
