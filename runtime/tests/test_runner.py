"""run_plugin and the config/entrypoint resolution it shares with the run_action runner."""

from __future__ import annotations

import enum
import os
import sys
import textwrap

import pytest

from conftest import EVENTS_PLUGIN, GUIDE_PLUGIN
from synapse_sdk.plugins import errors
from synapse_sdk.plugins.config import find_plugin_config, load_config, split_entrypoint
from synapse_sdk.plugins.runner import run_plugin


@pytest.fixture
def fresh_events_modules(monkeypatch):
    """Import events_plugin_pkg anew in each test (class attributes get set by the runner)."""
    for name in [m for m in sys.modules if m.split(".")[0] == "events_plugin_pkg"]:
        monkeypatch.delitem(sys.modules, name)


def test_run_plugin_by_directory_config_path_and_code(monkeypatch, tmp_path):
    params = {"dataset": 123, "epochs": 1}
    by_dir = run_plugin(str(GUIDE_PLUGIN), "train", params)
    by_path = run_plugin(GUIDE_PLUGIN / "config.yaml", "train", params, mode="local")
    monkeypatch.chdir(GUIDE_PLUGIN / "plugin")  # a subdirectory: the code is found in a parent
    by_code = run_plugin(plugin_code="yolov8", action="train", params=params, mode="local")
    assert by_dir == by_path == by_code
    assert by_dir["final_loss"] == 0.5


def test_run_plugin_finds_code_on_sys_path(monkeypatch, tmp_path, fresh_events_modules):
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(EVENTS_PLUGIN))
    assert run_plugin("events-plugin", "env", {})["greeting"] == "hello"


def test_unknown_plugin_code(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(errors.PluginRunError) as info:
        run_plugin("no-such-plugin", "train", {})
    assert "Plugin 'no-such-plugin' not found" in info.value.message
    assert info.value.details["plugin_code"] == "no-such-plugin"


@pytest.mark.parametrize("mode", ["job", "task", "remote", "ray"])
def test_only_local_mode_is_supported(mode):
    with pytest.raises(errors.PluginRunError, match=f"mode '{mode}' is not supported"):
        run_plugin(str(GUIDE_PLUGIN), "train", {"dataset": 123}, mode=mode)


def test_mode_may_be_an_enum():
    class ExecutionMode(enum.Enum):
        LOCAL = "local"

    assert run_plugin(str(GUIDE_PLUGIN), "train", {"dataset": 123, "epochs": 1}, mode=ExecutionMode.LOCAL)


def test_config_env_is_applied_during_the_run_only(monkeypatch, fresh_events_modules):
    monkeypatch.delenv("EVENTS_PLUGIN_GREETING", raising=False)
    result = run_plugin(EVENTS_PLUGIN, "env", {"x": 1}, env={"EXTRA": "1"}, job_id="job-9")
    assert result["greeting"] == result["ctx_greeting"] == "hello"
    assert (result["flag"], result["count"]) == ("true", "3")  # YAML true / 3 as env strings
    assert result["job_id"] == "job-9"
    assert result["params"] == {"x": 1}
    assert result["action_name"] == "env"  # set from the config key (legacy string entry)
    assert "EVENTS_PLUGIN_GREETING" not in os.environ


def test_action_not_found_lists_available_actions():
    with pytest.raises(errors.ActionNotFoundError) as info:
        run_plugin(str(GUIDE_PLUGIN), "deploy", {})
    assert info.value.message.startswith("Action 'deploy' not found in ")
    assert "available actions: inference, train" in info.value.message
    assert info.value.details["available"] == ["inference", "train"]


@pytest.mark.parametrize(
    "action, message",
    [
        ("missing_module", "module 'events_plugin_pkg.nope' of entrypoint 'events_plugin_pkg.nope:Action' not found"),
        ("missing_class", "class 'Nope' not found in module 'events_plugin_pkg.actions'"),
        ("not_an_action", "is not a BaseAction subclass"),
        ("no_entrypoint", "has no entrypoint defined"),
    ],
)
def test_bad_entrypoints(action, message, fresh_events_modules):
    with pytest.raises(errors.ActionNotFoundError, match=message) as info:
        run_plugin(EVENTS_PLUGIN, action, {})
    assert info.value.details["action"] == action


def test_guide_inference_entrypoint_module_is_missing():
    # The guide's config declares plugin.inference:InferenceAction but shows no code for it.
    with pytest.raises(errors.ActionNotFoundError, match="module 'plugin.inference'"):
        run_plugin(str(GUIDE_PLUGIN), "inference", {})


def test_missing_dependency_propagates_as_itself(fresh_events_modules):
    with pytest.raises(ModuleNotFoundError) as info:
        run_plugin(EVENTS_PLUGIN, "needs_dependency", {})
    assert info.value.name == "synapse_test_dependency_that_does_not_exist"


def test_entrypoint_forms_colon_dot_and_legacy(fresh_events_modules):
    assert split_entrypoint("plugin.train:TrainAction") == ("plugin.train", "TrainAction")
    assert split_entrypoint("plugin.train.TrainAction") == ("plugin.train", "TrainAction")
    for bad in ("TrainAction", "plugin.train:", ":X"):
        with pytest.raises(ValueError):
            split_entrypoint(bad)
    with pytest.raises(ZeroDivisionError):  # crash: dot form
        run_plugin(EVENTS_PLUGIN, "crash", {})


def _write_plugin(root, code, value):
    (root / "plugin").mkdir(parents=True)
    (root / "plugin" / "__init__.py").write_text("")
    (root / "plugin" / "main.py").write_text(textwrap.dedent(f"""
        from synapse_sdk.plugins import BaseAction

        class Main(BaseAction):
            def execute(self):
                return {{"value": {value!r}}}
    """))
    (root / "config.yaml").write_text(f"name: {code}\ncode: {code}\nactions:\n  main:\n    entrypoint: plugin.main:Main\n")


@pytest.fixture
def restore_plugin_package():
    """Put the guide's `plugin` package back in sys.modules after a test replaced it."""
    def ours():
        return {name: mod for name, mod in sys.modules.items() if name.split(".")[0] == "plugin"}

    saved = ours()
    yield
    for name in ours():
        del sys.modules[name]
    sys.modules.update(saved)


def test_two_plugins_with_the_same_package_name(tmp_path, restore_plugin_package):
    # Both name their package `plugin`, like the guide's; each run must use its own.
    _write_plugin(tmp_path / "a", "a", "from a")
    _write_plugin(tmp_path / "b", "b", "from b")
    assert run_plugin(tmp_path / "a", "main", {}) == {"value": "from a"}
    assert run_plugin(tmp_path / "b", "main", {}) == {"value": "from b"}
    assert run_plugin(tmp_path / "a", "main", {}) == {"value": "from a"}


def test_config_errors(tmp_path):
    with pytest.raises(errors.PluginRunError, match="Config file not found: "):
        run_plugin(tmp_path, "train", {})
    (tmp_path / "config.yaml").write_text("name: [unclosed\n")
    with pytest.raises(errors.ValidationError, match="Invalid YAML"):
        load_config(tmp_path / "config.yaml")
    (tmp_path / "config.yaml").write_text("- a list\n")
    with pytest.raises(errors.ValidationError, match="must be a mapping"):
        load_config(tmp_path / "config.yaml")
    (tmp_path / "config.yaml").write_text("code: x\nactions: [a]\n")
    with pytest.raises(errors.ValidationError, match="'actions'"):
        load_config(tmp_path / "config.yaml")


def test_synapse_yaml_is_accepted(tmp_path):
    (tmp_path / "synapse.yaml").write_text("code: s\n")
    assert find_plugin_config(tmp_path) == tmp_path / "synapse.yaml"
