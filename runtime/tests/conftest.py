"""Shared test setup.

Every test runs against a fresh temporary local store (never ``~/.synapse/local``) that
holds dataset 123, the id the guide's examples use, with a clean ``sys.path`` and no
``SYNAPSE_EVENTS_FD``.

The guide's TrainAction (tests/fixtures/guide_plugin/plugin/train.py, verbatim) saves
its model with ``self.create_model("/models/best.pt", ...)``, a path that does not
exist here and that tests must not create. The runtime treats a missing model file as
an error naming it, so the autouse fixture below redirects exactly that path to a
weights file in a temp dir by wrapping the class's ``create_model`` (the real store
code still copies and registers the file). The guide's code is not edited.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from synapse_sdk.plugins.actions.base import BaseAction
from synapse_sdk.plugins.testing import LocalStore, synapse_store  # noqa: F401  (fixture for this suite)

TESTS = Path(__file__).resolve().parent
RUNTIME = TESTS.parent
FIXTURES = TESTS / "fixtures"
GUIDE_PLUGIN = FIXTURES / "guide_plugin"
EVENTS_PLUGIN = FIXTURES / "events_plugin"
GUIDE_MODEL_PATH = "/models/best.pt"

# The guide's tests import `plugin.train` (run from the plugin directory); the snippet
# fixtures are imported as `guide_snippets.<name>`.
for entry in (str(FIXTURES), str(GUIDE_PLUGIN)):
    if entry not in sys.path:
        sys.path.insert(0, entry)

from plugin.train import TrainAction as GuideTrainAction  # noqa: E402


def redirect_create_model(monkeypatch, action_cls: type[BaseAction], mapping: dict[str, Path]) -> None:
    """Make ``action_cls.create_model(p)`` read ``mapping[p]`` instead of the fixed path ``p``."""
    original = action_cls.create_model

    def create_model(self, path, *args, **kwargs):
        return original(self, mapping.get(str(path), path), *args, **kwargs)

    monkeypatch.setattr(action_cls, "create_model", create_model)


def add_guide_dataset(store: LocalStore) -> dict:
    return store.add_dataset(
        123,
        name="guide-dataset",
        files={
            "data.yaml": "names: [cat, dog]\n",
            "train/images/0.jpg": b"\xff\xd8train",
            "train/labels/0.txt": "0 0.5 0.5 0.1 0.1\n",
            "val/images/1.jpg": b"\xff\xd8val",
            "val/labels/1.txt": "1 0.5 0.5 0.2 0.2\n",
        },
    )


@pytest.fixture(autouse=True)
def guide_environment(tmp_path_factory, monkeypatch) -> LocalStore:
    """Temp store with dataset 123, guide model path redirected, sys.path/env isolated."""
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.delenv("SYNAPSE_EVENTS_FD", raising=False)
    root = tmp_path_factory.mktemp("guide")
    store = LocalStore(root / "store")
    add_guide_dataset(store)
    monkeypatch.setenv("SYNAPSE_LOCAL_STORE", str(store.root))
    weights = root / "best.pt"
    weights.write_bytes(b"guide weights")
    redirect_create_model(monkeypatch, GuideTrainAction, {GUIDE_MODEL_PATH: weights})
    return store


@pytest.fixture
def guide_store(guide_environment) -> LocalStore:
    """The store the autouse fixture set up (dataset 123 inside)."""
    return guide_environment
