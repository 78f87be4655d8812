"""Shared fixtures, for synapse's runtime and upstream's synapse-sdk alike: a small two-label
dataset directory, a model trained on it, and ``run_action``.

``run_action(ActionClass, params)`` runs an action the way ``synapse plugin run --mode
local`` does (the SDK's LocalExecutor) and returns the result as a plain dict.
"""

import pytest
from synapse_sdk.plugins.executors.local import LocalExecutor

from plugin.model import DATA_TYPE, EXTENSIONS
from plugin.train import TrainAction

SUFFIX = (EXTENSIONS[DATA_TYPE] or (".bin",))[0]


def plain(result):
    """A result as a dict: a result model is dumped (upstream's executor returns it as is)."""
    return result.model_dump(mode="json") if hasattr(result, "model_dump") else result


@pytest.fixture
def run_action():
    def run(action_cls, params):
        return plain(LocalExecutor(env={"TEST_MODE": "true"}).execute(action_cls, params))

    return run


def sample(label: str, index: int) -> bytes:
    """Content that differs by label: each label repeats its own byte pattern."""
    pattern = {"cat": b"meow purr ", "dog": b"WOOF! GRR! "}[label]
    return pattern * (20 + index) + bytes([index])


@pytest.fixture
def dataset(tmp_path):
    """Train, val and test splits with files of two labels, in a directory."""
    root = tmp_path / "dataset"
    for split, count in (("train", 4), ("val", 2), ("test", 2)):
        for label in ("cat", "dog"):
            for index in range(count):
                path = root / split / label / f"{label}{index}{SUFFIX}"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(sample(label, index))
    return root


@pytest.fixture
def model_path(run_action, dataset, tmp_path):
    """The weights of a model trained on the sample dataset."""
    result = run_action(TrainAction, {"data_path": str(dataset), "epochs": 5, "output_dir": str(tmp_path / "model")})
    return result["weights_path"]
