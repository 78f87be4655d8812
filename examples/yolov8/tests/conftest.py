"""Shared fixtures: a local store holding the shipped `shapes` dataset, and a trained model.

`synapse_store` comes from the runtime's testing helpers. It is also registered through
the runtime's pytest entry point when synapse_sdk is pip-installed; importing it here
makes the tests work with just PYTHONPATH pointing at the runtime.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from synapse_sdk.plugins.executors.local import LocalExecutor
from synapse_sdk.plugins.testing import local_store, synapse_store  # noqa: F401  (fixture)

EXAMPLE_DIR = Path(__file__).resolve().parents[1]
SHAPES = EXAMPLE_DIR / "datasets" / "shapes"
DATASET_ID = 1


@pytest.fixture
def executor():
    return LocalExecutor(env={"TEST_MODE": "true"})


@pytest.fixture
def shapes_store(synapse_store):  # noqa: F811
    """A fresh local store with datasets/shapes registered as dataset 1."""
    synapse_store.add_dataset(DATASET_ID, path=SHAPES, name="shapes")
    return synapse_store


@pytest.fixture(scope="session")
def trained(tmp_path_factory):
    """One training run with the default parameters, shared by all tests (under a second).

    Returns the train result and the store holding the model. The store outlives the
    `with` block (only SYNAPSE_LOCAL_STORE is restored), so the model stays readable.
    """
    from plugin.train import TrainAction

    with local_store(tmp_path_factory.mktemp("trained")) as store:
        store.add_dataset(DATASET_ID, path=SHAPES, name="shapes")
        result = LocalExecutor(job_id="trained-fixture").execute(action_cls=TrainAction, params={"dataset": DATASET_ID})
    return SimpleNamespace(result=result, store=store, weights=result["model_path"])


def metric_values(executor: LocalExecutor, category: str) -> list[dict]:
    """The values of every set_metrics call of the executor's last run, in one category."""
    return [e["values"] for e in executor.events if e["event"] == "metrics" and e["category"] == category]
