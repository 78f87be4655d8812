"""The local store: the backend that local runs use instead of the Synapse server.

Upstream, ``get_dataset()`` / ``get_checkpoint()`` / ``create_model()`` talk to the
backend. Locally they read and write a plain directory, so a plugin can be run and
tested with no account and no network. Layout (all JSON files are optional for things
you copy in by hand):

    <store>/datasets/<id>/dataset.json      {"id", "name", "splits", "path": "data"}
    <store>/datasets/<id>/data/...          the dataset files (``dataset["path"]``)
    <store>/checkpoints/<id>/checkpoint.json {"id", "name", "category", "path": "files/..."}
    <store>/checkpoints/<id>/files/...      the checkpoint file(s)
    <store>/models/<sha256>/<name>          a saved model file or directory, addressed by content
    <store>/models/index.json               {"models": [{"id": 1, "sha256", "path", "name", ...}]}

The store root is ``$SYNAPSE_LOCAL_STORE``, default ``~/.synapse/local``. A dataset
directory copied to ``<store>/datasets/<id>/`` without a dataset.json is used as is.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterator, Mapping

from .. import _json
from .errors import ResourceNotFoundError, ValidationError

STORE_VAR = "SYNAPSE_LOCAL_STORE"
DEFAULT_STORE = "~/.synapse/local"
SPLIT_NAMES = ("train", "val", "valid", "validation", "test")
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def default_store_path(environ: Mapping[str, str] | None = None) -> Path:
    """``$SYNAPSE_LOCAL_STORE`` or ``~/.synapse/local``."""
    environ = os.environ if environ is None else environ
    return Path(environ.get(STORE_VAR) or DEFAULT_STORE).expanduser()


def _key(kind: str, ident: Any) -> str:
    """The directory name for an id; rejects ids that could escape the store."""
    if isinstance(ident, bool) or not isinstance(ident, (int, str)):
        raise ValidationError(f"{kind} id must be an int or a string, got {type(ident).__name__}", {"id": repr(ident)})
    key = str(ident)
    if not _ID_RE.match(key):
        raise ValidationError(
            f"Invalid {kind} id {key!r}: use letters, digits, '.', '_' or '-' (not starting with '.' or '-')",
            {"id": key},
        )
    return key


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ValidationError(f"Cannot read {path}: {exc}", {"path": str(path)}) from exc
    if not isinstance(data, dict):
        raise ValidationError(f"{path} must contain a JSON object", {"path": str(path)})
    return data


def _write_json(path: Path, data: Any) -> None:
    """Atomic write: a concurrent reader sees the old or the new file, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(_json.jsonable(data), fh, indent=2, sort_keys=True)
        fh.write("\n")
    os.replace(tmp, path)


def _copy(src: Path, dest: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dest, dirs_exist_ok=True)
    else:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)


def _write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    for rel, content in files.items():
        target = (root / rel).resolve()
        if root.resolve() not in target.parents:
            raise ValidationError(f"File path {rel!r} must stay inside the directory", {"path": rel})
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def _sha256(path: Path) -> str:
    """Content address: a file's bytes, or a directory's sorted (relative path, file hash) list."""
    def file_hash(p: Path) -> str:
        h = hashlib.sha256()
        with p.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()

    if path.is_file():
        return file_hash(path)
    h = hashlib.sha256(b"synapse-dir-v1\n")
    for p in sorted(q for q in path.rglob("*") if q.is_file()):
        h.update(f"{p.relative_to(path).as_posix()}\0{file_hash(p)}\n".encode())
    return h.hexdigest()


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """An exclusive lock so parallel runs never hand out the same model id."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as fh:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            yield
            return
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class LocalStore:
    """A local store rooted at ``path`` (created lazily, on the first write)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.root = Path(path).expanduser().absolute()

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> "LocalStore":
        return cls(default_store_path(environ))

    def __repr__(self) -> str:
        return f"LocalStore({str(self.root)!r})"

    def __fspath__(self) -> str:
        return str(self.root)

    @property
    def datasets_dir(self) -> Path:
        return self.root / "datasets"

    @property
    def checkpoints_dir(self) -> Path:
        return self.root / "checkpoints"

    @property
    def models_dir(self) -> Path:
        return self.root / "models"

    def _source(self, kind: str, path: str | os.PathLike[str] | None) -> Path | None:
        """Check a path to copy in: it must exist and must not contain the store itself."""
        if path is None:
            return None
        src = Path(path)
        if not src.exists():
            raise ResourceNotFoundError(f"{kind}: {src} does not exist", {"path": str(src)})
        if src.is_dir() and self.root.resolve().is_relative_to(src.resolve()):
            raise ValidationError(f"{kind}: {src} contains the store {self.root}; copy a directory outside it",
                                  {"path": str(src), "store": str(self.root)})
        return src

    def _replace_dir(self, parent: Path, key: str, build) -> Path:
        """Build a new entry in a temp dir, then swap it in (re-adding an id replaces it)."""
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key}-", dir=parent))
        try:
            build(tmp)
            final = parent / key
            if final.is_symlink() or final.is_file():
                final.unlink()
            elif final.exists():
                shutil.rmtree(final)
            tmp.rename(final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return final

    # -- datasets ---------------------------------------------------------------------

    def add_dataset(
        self,
        id: int | str,
        path: str | os.PathLike[str] | None = None,
        files: Mapping[str, str | bytes] | None = None,
        name: str | None = None,
        splits: Any = None,
    ) -> dict[str, Any]:
        """Add (or replace) dataset ``id``: copy directory/file ``path`` and/or write ``files``
        ({relative path: str | bytes}) into ``<store>/datasets/<id>/data/``."""
        key = _key("dataset", id)
        src = self._source("add_dataset", path)

        def build(tmp: Path) -> None:
            data = tmp / "data"
            data.mkdir()
            if src is not None:
                _copy(src, data if src.is_dir() else data / src.name)
            if files:
                _write_files(data, files)
            meta: dict[str, Any] = {"id": id, "name": name or f"dataset-{key}", "path": "data"}
            if splits is not None:
                meta["splits"] = splits
            _write_json(tmp / "dataset.json", meta)

        self._replace_dir(self.datasets_dir, key, build)
        return self.get_dataset(id)

    def get_dataset(self, id: int | str) -> dict[str, Any]:
        """``{id, name, path, splits}`` for dataset ``id``; a clear error when it is missing."""
        key = _key("dataset", id)
        entry = self.datasets_dir / key
        if not entry.is_dir():
            raise ResourceNotFoundError(
                f"Dataset {id!r} not found in the local store {self.root} (looked for {entry}/). "
                f"Add it with synapse_sdk.plugins.testing.LocalStore({str(self.root)!r}).add_dataset({id!r}, path=...) "
                f"or copy a dataset directory to {entry}/; set {STORE_VAR} to use another store.",
                {"dataset": id, "store": str(self.root), "looked_for": str(entry)},
            )
        meta = _read_json(entry / "dataset.json")
        data_path = entry / meta["path"] if meta.get("path") else entry
        splits = meta.get("splits")
        if splits is None:
            splits = {s: str(data_path / s) for s in SPLIT_NAMES if (data_path / s).is_dir()}
        return {"id": meta.get("id", id), "name": meta.get("name") or f"dataset-{key}", "path": str(data_path), "splits": splits}

    # -- checkpoints --------------------------------------------------------------------

    def add_checkpoint(
        self,
        id: int | str,
        path: str | os.PathLike[str] | None = None,
        files: Mapping[str, str | bytes] | None = None,
        category: str = "base",
        name: str | None = None,
    ) -> dict[str, Any]:
        """Add (or replace) checkpoint ``id``. Its ``path`` is the copied file when ``path`` is a
        file, otherwise the ``files/`` directory."""
        key = _key("checkpoint", id)
        src = self._source("add_checkpoint", path)
        rel = f"files/{src.name}" if src is not None and src.is_file() else "files"

        def build(tmp: Path) -> None:
            (tmp / "files").mkdir()
            if src is not None:
                _copy(src, tmp / "files" if src.is_dir() else tmp / rel)
            if files:
                _write_files(tmp / "files", files)
            meta = {"id": id, "name": name or (src.stem if src is not None else f"checkpoint-{key}"),
                    "category": str(category), "path": rel}
            _write_json(tmp / "checkpoint.json", meta)

        self._replace_dir(self.checkpoints_dir, key, build)
        return self.get_checkpoint(id)

    def get_checkpoint(self, id: int | str) -> dict[str, Any]:
        """``{id, name, category, path}`` for checkpoint ``id``; falls back to a model saved by
        ``create_model`` with that id (so a run can resume from an earlier run's model)."""
        key = _key("checkpoint", id)
        entry = self.checkpoints_dir / key
        if entry.is_dir():
            meta = _read_json(entry / "checkpoint.json")
            return {
                "id": meta.get("id", id),
                "name": meta.get("name") or f"checkpoint-{key}",
                "category": meta.get("category") or "base",
                "path": str(entry / meta["path"] if meta.get("path") else entry),
            }
        model = self._find_model(id)
        if model is not None:
            return {"id": model["id"], "name": model.get("name"), "category": model.get("category") or "trained",
                    "path": model["path"]}
        raise ResourceNotFoundError(
            f"Checkpoint {id!r} not found in the local store {self.root} (looked for {entry}/ and for "
            f"model {id!r} in {self.models_dir / 'index.json'}). Add it with "
            f"synapse_sdk.plugins.testing.LocalStore({str(self.root)!r}).add_checkpoint({id!r}, path=...) "
            f"or copy the checkpoint to {entry}/files/; set {STORE_VAR} to use another store.",
            {"checkpoint": id, "store": str(self.root), "looked_for": str(entry)},
        )

    # -- models -------------------------------------------------------------------------

    def add_model(
        self,
        path: str | os.PathLike[str],
        name: str | None = None,
        description: str | None = None,
        metrics: Mapping[str, Any] | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """Copy a model file or directory into ``models/<sha256>/`` and register a new id."""
        src = Path(path)
        if not src.exists():
            raise ResourceNotFoundError(
                f"create_model: model file not found: {src}. Save the model there before calling "
                f"create_model, or pass the path it was saved to.",
                {"path": str(src)},
            )
        src = self._source("create_model", src)
        digest = _sha256(src)
        blob = self.models_dir / digest / src.name
        if not blob.exists():
            self.models_dir.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.models_dir))
            try:
                _copy(src, tmp / src.name)
                blob.parent.mkdir(exist_ok=True)
                try:
                    (tmp / src.name).rename(blob)
                except OSError:
                    if not blob.exists():  # lost a race with an identical copy: fine
                        raise
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        size = blob.stat().st_size if blob.is_file() else sum(p.stat().st_size for p in blob.rglob("*") if p.is_file())
        with _locked(self.models_dir / ".lock"):
            index = _read_json(self.models_dir / "index.json")
            models = index.setdefault("models", [])
            record = {
                **extra,
                "id": max((m.get("id", 0) for m in models), default=0) + 1,
                "name": name or src.name,
                "description": description,
                "metrics": dict(metrics) if metrics is not None else None,
                "sha256": digest,
                "size": size,
                "path": f"{digest}/{src.name}",
            }
            models.append(record)
            _write_json(self.models_dir / "index.json", index)
        return self._model_view(record)

    def get_model(self, id: int | str) -> dict[str, Any]:
        model = self._find_model(id)
        if model is None:
            raise ResourceNotFoundError(
                f"Model {id!r} not found in {self.models_dir / 'index.json'}",
                {"model": id, "store": str(self.root)},
            )
        return model

    def list_models(self) -> list[dict[str, Any]]:
        return [self._model_view(m) for m in _read_json(self.models_dir / "index.json").get("models", [])]

    def _find_model(self, id: int | str) -> dict[str, Any] | None:
        for model in self.list_models():
            if str(model["id"]) == str(id):
                return model
        return None

    def _model_view(self, record: Mapping[str, Any]) -> dict[str, Any]:
        return {**record, "path": str(self.models_dir / record["path"])}


__all__ = ["LocalStore", "STORE_VAR", "default_store_path"]
