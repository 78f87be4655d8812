"""pytest plugin (entry point ``pytest11: synapse_sdk``): the ``synapse_store`` fixture, and
the plugin root on sys.path so a plugin's ``tests/`` can ``from plugin.train import ...``
when run as the guide does (``pytest tests/`` from the plugin directory)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import pytest

from ..store import STORE_VAR, LocalStore


def _is_plugin_root(directory: Path) -> bool:
    from ..config import CONFIG_NAMES, load_config

    for name in CONFIG_NAMES:
        if (directory / name).is_file():
            try:
                config = load_config(directory / name)
            except Exception:
                return False
            return "actions" in config or "code" in config
    return False


def pytest_configure(config: pytest.Config) -> None:
    for directory in (Path(config.invocation_params.dir), Path(config.rootpath)):
        if _is_plugin_root(directory):
            if str(directory) not in sys.path:
                sys.path.insert(0, str(directory))
            return


@pytest.fixture
def synapse_store(tmp_path, monkeypatch) -> Iterator[LocalStore]:
    """A fresh LocalStore in a temporary directory, set as SYNAPSE_LOCAL_STORE for the test."""
    store = LocalStore(tmp_path / "synapse-store")
    store.root.mkdir(parents=True)
    monkeypatch.setenv(STORE_VAR, str(store.root))
    yield store
