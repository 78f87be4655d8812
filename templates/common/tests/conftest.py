"""Shared pytest setup, for synapse's runtime and upstream's synapse-sdk alike.

``run_action(ActionClass, params)`` runs an action the way ``synapse plugin run --mode
local`` does (the SDK's LocalExecutor: params validated, then ``run()``) and returns the
result as a plain dict. ``write_files({"a/b.txt": "text"})`` makes a directory of files
under the test's temporary directory and returns its path.
"""

from pathlib import Path

import pytest
from synapse_sdk.plugins.executors.local import LocalExecutor


def plain(result):
    """A result as a dict: a result model is dumped (upstream's executor returns it as is)."""
    return result.model_dump(mode="json") if hasattr(result, "model_dump") else result


@pytest.fixture
def run_action():
    def run(action_cls, params):
        return plain(LocalExecutor(env={"TEST_MODE": "true"}).execute(action_cls, params))

    return run


@pytest.fixture
def write_files(tmp_path):
    def write(files, name="dataset"):
        root = tmp_path / name
        for relative, content in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        root.mkdir(parents=True, exist_ok=True)
        return root

    return write
