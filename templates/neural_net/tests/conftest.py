"""Shared fixtures: a small two-label dataset and a trained checkpoint in a temporary store.

``synapse_store`` is the runtime's fixture (a local store in a temporary directory, with
SYNAPSE_LOCAL_STORE set for the test); importing it here makes it available even when
synapse_sdk is found through PYTHONPATH rather than installed as a pytest plugin.
"""

from pathlib import Path

import pytest
from synapse_sdk.plugins.executors.local import LocalExecutor
from synapse_sdk.plugins.testing import synapse_store  # noqa: F401

from plugin.model import DATA_TYPE, EXTENSIONS
from plugin.train import TrainAction

DATASET_ID = 1
CHECKPOINT_ID = 7
SUFFIX = (EXTENSIONS[DATA_TYPE] or (".bin",))[0]


def sample(label: str, index: int) -> bytes:
    """Content that differs by label: each label repeats its own byte pattern."""
    pattern = {"cat": b"meow purr ", "dog": b"WOOF! GRR! "}[label]
    return pattern * (20 + index) + bytes([index])


def sample_files() -> dict[str, bytes]:
    """Train, val and test splits with files of two labels."""
    files = {}
    for split, count in (("train", 4), ("val", 2), ("test", 2)):
        for label in ("cat", "dog"):
            for index in range(count):
                files[f"{split}/{label}/{label}{index}{SUFFIX}"] = sample(label, index)
    return files


@pytest.fixture
def dataset(synapse_store):
    """The sample dataset, registered in the store as dataset 1."""
    return synapse_store.add_dataset(DATASET_ID, files=sample_files(), name="cats-and-dogs")


@pytest.fixture
def checkpoint(synapse_store, dataset):
    """A model trained on the sample dataset, registered in the store as checkpoint 7."""
    result = LocalExecutor(env={"TEST_MODE": "true"}).execute(
        action_cls=TrainAction,
        params={"dataset": DATASET_ID, "epochs": 5},
    )
    weights = Path(result["model_path"]).read_bytes()
    return synapse_store.add_checkpoint(CHECKPOINT_ID, files={"model.json": weights})
