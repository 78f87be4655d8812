"""The local store and the testing helpers (LocalStore, local_store, synapse_store)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import RUNTIME
from synapse_sdk.plugins import BaseAction, errors
from synapse_sdk.plugins.executors.local import LocalExecutor
from synapse_sdk.plugins.store import LocalStore, default_store_path
from synapse_sdk.plugins.testing import local_store


@pytest.fixture
def store(tmp_path) -> LocalStore:
    return LocalStore(tmp_path / "store")


# -- datasets -----------------------------------------------------------------------------


def test_add_dataset_from_files(store):
    info = store.add_dataset(7, files={"train/a.txt": "a", "test/b.bin": b"\x00"}, name="tiny")
    data = store.root / "datasets" / "7" / "data"
    assert info == {
        "id": 7, "name": "tiny", "path": str(data),
        "splits": {"train": str(data / "train"), "test": str(data / "test")},
    }
    assert (data / "test" / "b.bin").read_bytes() == b"\x00"
    assert json.loads((store.root / "datasets" / "7" / "dataset.json").read_text())["name"] == "tiny"


def test_add_dataset_from_directory_and_file(store, tmp_path):
    src = tmp_path / "src"
    (src / "images").mkdir(parents=True)
    (src / "images" / "x.jpg").write_bytes(b"jpg")
    info = store.add_dataset("coco-mini", path=src, splits=["train"])
    assert Path(info["path"], "images", "x.jpg").read_bytes() == b"jpg"
    assert info["splits"] == ["train"]  # given splits are kept as given
    archive = tmp_path / "ds.zip"
    archive.write_bytes(b"zip")
    info = store.add_dataset(8, path=archive)
    assert Path(info["path"], "ds.zip").read_bytes() == b"zip"


def test_dataset_ids_int_and_str_are_the_same_entry(store):
    store.add_dataset(123, files={"f": "1"})
    assert store.get_dataset("123")["id"] == 123
    assert store.get_dataset(123)["name"] == "dataset-123"


def test_re_adding_a_dataset_replaces_it(store):
    store.add_dataset(1, files={"old.txt": "1"})
    info = store.add_dataset(1, files={"new.txt": "2"})
    assert sorted(os.listdir(info["path"])) == ["new.txt"]
    assert not [p for p in (store.root / "datasets").iterdir() if p.name.startswith(".tmp")]


def test_dataset_copied_by_hand_without_metadata(store, tmp_path):
    entry = store.root / "datasets" / "55"
    (entry / "val").mkdir(parents=True)
    assert store.get_dataset(55) == {"id": 55, "name": "dataset-55", "path": str(entry), "splits": {"val": str(entry / "val")}}


def test_missing_dataset_error(store):
    with pytest.raises(errors.ResourceNotFoundError) as info:
        store.get_dataset(9)
    msg = info.value.message
    assert f"Dataset 9 not found in the local store {store.root}" in msg
    assert f"synapse_sdk.plugins.testing.LocalStore('{store.root}').add_dataset(9, path=...)" in msg
    assert f"copy a dataset directory to {store.root}/datasets/9/" in msg
    assert "SYNAPSE_LOCAL_STORE" in msg
    assert info.value.details == {"dataset": 9, "store": str(store.root), "looked_for": str(store.root / "datasets" / "9")}


@pytest.mark.parametrize("bad", ["../etc", "", ".hidden", "a/b", True, 1.5, None])
def test_invalid_ids_are_rejected(store, bad):
    with pytest.raises(errors.ValidationError):
        store.get_dataset(bad)


def test_add_dataset_missing_source_and_escaping_files(store, tmp_path):
    with pytest.raises(errors.ResourceNotFoundError, match="does not exist"):
        store.add_dataset(1, path=tmp_path / "nope")
    with pytest.raises(errors.ValidationError, match="inside the directory"):
        store.add_dataset(1, files={"../escape.txt": "x"})
    assert not (store.root / "datasets" / "escape.txt").exists()


def test_get_dataset_needs_a_dataset_param():
    class NoDataset(BaseAction):
        def execute(self):
            return self.get_dataset()

    with pytest.raises(errors.ValidationError, match="needs a 'dataset' parameter"):
        LocalExecutor().execute(NoDataset, {})


# -- checkpoints --------------------------------------------------------------------------


def test_add_checkpoint_from_file_dir_and_files(store, tmp_path):
    (tmp_path / "src").mkdir()
    weights = tmp_path / "src" / "yolov8n.pt"
    weights.write_bytes(b"w")
    info = store.add_checkpoint(1, path=weights)
    assert info == {"id": 1, "name": "yolov8n", "category": "base",
                    "path": str(store.root / "checkpoints" / "1" / "files" / "yolov8n.pt")}
    assert Path(info["path"]).read_bytes() == b"w"

    info = store.add_checkpoint("ft", files={"a.bin": b"1", "cfg.json": "{}"}, category="fine-tuned", name="run")
    assert (info["category"], info["name"]) == ("fine-tuned", "run")
    assert sorted(os.listdir(info["path"])) == ["a.bin", "cfg.json"]

    info = store.add_checkpoint(2, path=weights.parent)
    assert Path(info["path"], "yolov8n.pt").is_file()


def test_adding_a_directory_that_contains_the_store_is_refused(store, tmp_path):
    store.root.mkdir(parents=True)
    with pytest.raises(errors.ValidationError, match="contains the store"):
        store.add_checkpoint(1, path=tmp_path)
    with pytest.raises(errors.ValidationError, match="contains the store"):
        store.add_dataset(1, path=tmp_path)


def test_checkpoint_falls_back_to_a_saved_model(store, tmp_path):
    weights = tmp_path / "best.pt"
    weights.write_bytes(b"trained")
    model = store.add_model(weights, name="run-1")
    assert store.get_checkpoint(model["id"]) == {"id": 1, "name": "run-1", "category": "trained", "path": model["path"]}


def test_missing_checkpoint_error(store):
    with pytest.raises(errors.ResourceNotFoundError) as info:
        store.get_checkpoint(5)
    assert ".add_checkpoint(5, path=...)" in info.value.message
    assert str(store.root / "checkpoints" / "5") in info.value.message


def test_get_checkpoint_none_without_checkpoint_param():
    class Probe(BaseAction):
        def execute(self):
            return {"checkpoint": self.get_checkpoint()}

    assert LocalExecutor().execute(Probe, {}) == {"checkpoint": None}
    assert LocalExecutor().execute(Probe, {"checkpoint": None}) == {"checkpoint": None}


# -- models -------------------------------------------------------------------------------


def test_models_are_content_addressed_with_integer_ids(store, tmp_path):
    a = tmp_path / "a" / "best.pt"
    a.parent.mkdir()
    a.write_bytes(b"same")
    b = tmp_path / "b" / "best.pt"
    b.parent.mkdir()
    b.write_bytes(b"same")
    first = store.add_model(a, name="m", description="d", metrics={"mAP50": 0.5}, framework="torch")
    second = store.add_model(b)
    assert (first["id"], second["id"]) == (1, 2)
    assert first["path"] == second["path"]  # stored once
    assert first["sha256"] == "0967115f2813a3541eaef77de9d9d5773f1c0c04314b0bbfe4ff3b3b1c55b5d5"
    assert first["path"] == str(store.models_dir / first["sha256"] / "best.pt")
    assert (first["name"], first["description"], first["metrics"], first["framework"], first["size"]) == (
        "m", "d", {"mAP50": 0.5}, "torch", 4)
    assert second["name"] == "best.pt"
    assert [m["id"] for m in store.list_models()] == [1, 2]
    assert store.get_model("2") == second
    index = json.loads((store.models_dir / "index.json").read_text())
    assert index["models"][0]["path"] == f"{first['sha256']}/best.pt"  # relative: the store can move


def test_directory_models(store, tmp_path):
    model_dir = tmp_path / "saved_model"
    (model_dir / "variables").mkdir(parents=True)
    (model_dir / "saved_model.pb").write_bytes(b"pb")
    (model_dir / "variables" / "v.bin").write_bytes(b"vv")
    info = store.add_model(model_dir)
    assert Path(info["path"], "variables", "v.bin").read_bytes() == b"vv"
    assert info["size"] == 4
    (model_dir / "saved_model.pb").write_bytes(b"changed")
    assert store.add_model(model_dir)["sha256"] != info["sha256"]


def test_missing_model_file_is_an_error_naming_it(store, tmp_path):
    missing = tmp_path / "nope.pt"
    with pytest.raises(errors.ResourceNotFoundError) as info:
        store.add_model(missing)
    assert info.value.message.startswith(f"create_model: model file not found: {missing}")
    assert info.value.details == {"path": str(missing)}
    with pytest.raises(errors.ResourceNotFoundError, match="Model 3 not found"):
        store.get_model(3)


def test_create_model_from_an_action(tmp_path, guide_store):
    weights = tmp_path / "w.onnx"
    weights.write_bytes(b"onnx")

    class Export(BaseAction):
        def execute(self):
            return self.create_model(str(weights), name="exported", metrics={"acc": 1})

    result = LocalExecutor().execute(Export, {})
    assert result["id"] == 1 and result["name"] == "exported"
    assert Path(result["path"]).is_relative_to(guide_store.root)


# -- choosing the store -------------------------------------------------------------------


def test_default_store_path(monkeypatch):
    monkeypatch.delenv("SYNAPSE_LOCAL_STORE")
    assert default_store_path() == Path.home() / ".synapse" / "local"
    assert default_store_path({"SYNAPSE_LOCAL_STORE": "/x"}) == Path("/x")


def test_store_selection_order(tmp_path, guide_store):
    explicit = LocalStore(tmp_path / "explicit")
    explicit.add_dataset(123, name="explicit")
    via_env = LocalStore(tmp_path / "via-env")
    via_env.add_dataset(123, name="via-env")

    class Probe(BaseAction):
        def execute(self):
            return self.get_dataset()

    assert LocalExecutor().execute(Probe, {"dataset": 123})["name"] == "guide-dataset"  # os.environ
    assert LocalExecutor(env={"SYNAPSE_LOCAL_STORE": str(via_env.root)}).execute(Probe, {"dataset": 123})["name"] == "via-env"
    assert LocalExecutor(store=explicit.root).execute(Probe, {"dataset": 123})["name"] == "explicit"


def test_local_store_context_manager(tmp_path, guide_store):
    with local_store(tmp_path / "ctx") as store:
        assert os.environ["SYNAPSE_LOCAL_STORE"] == str(store.root) and store.root.is_dir()
        store.add_dataset(1)
    assert os.environ["SYNAPSE_LOCAL_STORE"] == str(guide_store.root)


def test_local_store_context_manager_unsets_when_previously_unset(monkeypatch, tmp_path):
    monkeypatch.delenv("SYNAPSE_LOCAL_STORE")
    with local_store(tmp_path):
        pass
    assert "SYNAPSE_LOCAL_STORE" not in os.environ


def test_synapse_store_fixture_imported_in_conftest(synapse_store, tmp_path):
    assert os.environ["SYNAPSE_LOCAL_STORE"] == str(synapse_store.root)
    assert synapse_store.root.is_relative_to(tmp_path)
    assert synapse_store.add_dataset(1)["name"] == "dataset-1"


def test_pytest_plugin_registers_synapse_store(tmp_path):
    """The module behind the pytest11 entry point provides the fixture with no conftest."""
    (tmp_path / "test_uses_fixture.py").write_text(textwrap.dedent("""
        import os

        def test_store(synapse_store):
            assert os.environ["SYNAPSE_LOCAL_STORE"] == str(synapse_store.root)
            assert synapse_store.add_dataset(1, files={"a": "b"})["id"] == 1
    """))
    env = {**os.environ, "PYTHONPATH": str(RUNTIME), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "synapse_sdk.plugins.testing.pytest_plugin",
         "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 passed" in proc.stdout


def test_pytest_plugin_puts_the_plugin_root_on_sys_path(tmp_path):
    """The guide runs `pytest tests/ -v` in the plugin directory; tests/ imports `plugin.train`."""
    root = tmp_path / "synapse-demo-plugin"
    (root / "plugin").mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "config.yaml").write_text("name: Demo\ncode: demo\nactions:\n  main:\n    entrypoint: plugin.main:Main\n")
    (root / "plugin" / "__init__.py").write_text("")
    (root / "plugin" / "main.py").write_text(textwrap.dedent("""
        from synapse_sdk.plugins import BaseAction

        class Main(BaseAction):
            def execute(self):
                return {"ok": True}
    """))
    (root / "tests" / "test_main.py").write_text(textwrap.dedent("""
        from plugin.main import Main
        from synapse_sdk.plugins.executors.local import LocalExecutor

        def test_main():
            assert LocalExecutor().execute(action_cls=Main, params={}) == {"ok": True}
    """))
    # A script outside the plugin, so Python itself does not put the cwd on sys.path
    # (as `python -m pytest` would); only the pytest plugin can make `plugin` importable.
    runner = tmp_path / "runner" / "run_pytest.py"
    runner.parent.mkdir()
    runner.write_text("import sys, pytest\nsys.exit(pytest.main(sys.argv[1:]))\n")
    env = {**os.environ, "PYTHONPATH": str(RUNTIME), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    args = [sys.executable, str(runner), "-q", "-p", "no:cacheprovider", "tests/"]
    with_plugin = subprocess.run([*args, "-p", "synapse_sdk.plugins.testing.pytest_plugin"],
                                 cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert with_plugin.returncode == 0, with_plugin.stdout + with_plugin.stderr
    without = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert "No module named 'plugin'" in without.stdout


def test_pyproject_declares_the_pytest11_entry_point():
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((RUNTIME / "pyproject.toml").read_text())["project"]
    assert project["name"] == "synapse-runtime"
    assert project["entry-points"]["pytest11"] == {"synapse_sdk": "synapse_sdk.plugins.testing.pytest_plugin"}
    assert any(dep.startswith("pydantic>=2") for dep in project["dependencies"])
