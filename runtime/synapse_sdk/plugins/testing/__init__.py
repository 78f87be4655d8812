"""Helpers for testing plugins without a backend.

    from synapse_sdk.plugins.testing import LocalStore, local_store, synapse_store

- ``LocalStore(path)``: a local store rooted at ``path``; ``add_dataset`` /
  ``add_checkpoint`` put things where ``get_dataset()`` / ``get_checkpoint()`` look.
- ``local_store(path)``: a context manager making that store the default
  (``SYNAPSE_LOCAL_STORE``) for its duration.
- ``synapse_store``: a pytest fixture yielding a fresh store in a temporary directory.
  It is registered automatically when this package is installed (pytest11 entry point);
  otherwise import it into your conftest.py.

``synapse_store`` is loaded lazily so that importing this package does not need pytest.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any, Iterator

from ..store import STORE_VAR, LocalStore


@contextlib.contextmanager
def local_store(path: str | os.PathLike[str]) -> Iterator[LocalStore]:
    """Create a LocalStore at ``path`` and set SYNAPSE_LOCAL_STORE to it until exit."""
    store = LocalStore(path)
    store.root.mkdir(parents=True, exist_ok=True)
    previous = os.environ.get(STORE_VAR)
    os.environ[STORE_VAR] = str(store.root)
    try:
        yield store
    finally:
        if previous is None:
            os.environ.pop(STORE_VAR, None)
        else:
            os.environ[STORE_VAR] = previous


def __getattr__(name: str) -> Any:
    if name == "synapse_store":
        from .pytest_plugin import synapse_store

        return synapse_store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["LocalStore", "local_store", "synapse_store"]
