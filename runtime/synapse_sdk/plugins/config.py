"""Reading a plugin's config.yaml and turning an action name into its class.

Shared by ``run_plugin`` and the ``run_action`` runner so both resolve actions the same
way: the plugin directory goes first on ``sys.path``, the entrypoint is
``module.path:Class`` or ``module.path.Class``, and every failure names the file, the
action and what is available.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

from .actions.base import BaseAction
from .errors import ActionNotFoundError, PluginRunError, ValidationError

CONFIG_NAMES = ("config.yaml", "synapse.yaml")


def _yaml():
    try:
        import yaml
    except ImportError as exc:  # pragma: no cover - PyYAML is a dependency
        raise PluginRunError("PyYAML is required to read config.yaml: pip install PyYAML") from exc
    return yaml


def load_config(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Parse config.yaml with PyYAML's safe loader (YAML 1.1, as upstream does)."""
    path = Path(path)
    yaml = _yaml()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PluginRunError(f"Config file not found: {path}", {"path": str(path)}) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationError(f"Invalid YAML in {path}: {exc}", {"path": str(path)}) from exc
    if not isinstance(data, dict):
        raise ValidationError(f"{path} must be a mapping of plugin settings", {"path": str(path)})
    actions = data.get("actions", {}) or {}
    if not isinstance(actions, dict):
        raise ValidationError(f"'actions' in {path} must be a mapping of action name to settings", {"path": str(path)})
    return data


def config_in(directory: str | os.PathLike[str]) -> Path:
    """The config file of a plugin directory (config.yaml, else synapse.yaml)."""
    directory = Path(directory)
    for name in CONFIG_NAMES:
        if (directory / name).is_file():
            return directory / name
    raise PluginRunError(f"Config file not found: {directory / CONFIG_NAMES[0]}", {"plugin_dir": str(directory)})


def find_plugin_config(plugin_code: str | os.PathLike[str]) -> Path:
    """Locate a plugin's config from a directory, a config file, or a plugin ``code``.

    A code is looked up in the config.yaml of the current directory and its parents, then
    of each ``sys.path`` directory (where a test suite usually puts the plugin).
    """
    candidate = Path(plugin_code)
    if candidate.is_dir():
        return config_in(candidate)
    if candidate.is_file():
        return candidate
    cwd = Path.cwd()
    searched: list[str] = []
    seen: set[Path] = set()
    for directory in [cwd, *cwd.parents, *(Path(p) if p else cwd for p in sys.path)]:
        directory = directory.absolute()
        if directory in seen:
            continue
        seen.add(directory)
        for name in CONFIG_NAMES:
            cfg = directory / name
            if not cfg.is_file():
                continue
            searched.append(str(cfg))
            try:
                if str(load_config(cfg).get("code")) == str(plugin_code):
                    return cfg
            except Exception:
                continue
    raise PluginRunError(
        f"Plugin {str(plugin_code)!r} not found: no config.yaml with code {str(plugin_code)!r} in {cwd}, its "
        f"parents or sys.path. Run from the plugin directory or pass its path as plugin_code.",
        {"plugin_code": str(plugin_code), "searched": searched},
    )


def action_entries(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Actions as mappings; upstream's legacy ``train: plugin.train.TrainAction`` form too."""
    entries = {}
    for name, value in (config.get("actions") or {}).items():
        if isinstance(value, str):
            value = {"entrypoint": value}
        if isinstance(value, dict):
            entries[str(name)] = value
    return entries


def plugin_env(config: dict[str, Any]) -> dict[str, str]:
    """config ``env`` as environment strings (YAML true → "true", null → "")."""
    env = config.get("env") or {}
    if not isinstance(env, dict):
        raise ValidationError("'env' in config.yaml must be a mapping", {"env": repr(env)})

    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    return {str(k): text(v) for k, v in env.items()}


def prepend_sys_path(directory: Path) -> None:
    """Put the plugin directory first on sys.path (moving it if already there)."""
    entry = str(directory)
    while entry in sys.path:
        sys.path.remove(entry)
    sys.path.insert(0, entry)


def _from_directory(module: Any, directory: Path) -> bool:
    locations = [getattr(module, "__file__", None), *list(getattr(module, "__path__", []) or [])]
    return any(loc and Path(loc).absolute().is_relative_to(directory) for loc in locations)


def _forget_foreign_package(top: str, directory: Path) -> None:
    """Two plugins usually both name their package ``plugin``. If a ``plugin`` package from
    another directory is already imported, drop it so this plugin's code is the one run."""
    loaded = sys.modules.get(top)
    if loaded is None or top in getattr(sys, "stdlib_module_names", ()):
        return
    if not ((directory / top).is_dir() or (directory / f"{top}.py").is_file()):
        return
    if _from_directory(loaded, directory):
        return
    for name in list(sys.modules):
        if name == top or name.startswith(top + "."):
            del sys.modules[name]
    importlib.invalidate_caches()


def split_entrypoint(entrypoint: str) -> tuple[str, str]:
    """``a.b:C`` or ``a.b.C`` → ("a.b", "C")."""
    module, sep, attr = entrypoint.strip().rpartition(":" if ":" in entrypoint else ".")
    if not sep or not module or not attr:
        raise ValueError(entrypoint)
    return module, attr


def load_action_class(plugin_dir: str | os.PathLike[str], config: dict[str, Any], action: str,
                      config_path: str | os.PathLike[str] | None = None) -> type[BaseAction]:
    """Import the class behind ``actions.<action>.entrypoint`` from ``plugin_dir``."""
    directory = Path(plugin_dir).absolute()
    where = str(config_path or directory / "config.yaml")
    entries = action_entries(config)
    if action not in entries:
        available = sorted(entries)
        raise ActionNotFoundError(
            f"Action '{action}' not found in {where}; available actions: {', '.join(available) or '(none)'}",
            {"action": action, "available": available, "config": where},
        )
    entrypoint = str(entries[action].get("entrypoint") or "")
    details = {"action": action, "entrypoint": entrypoint, "plugin_dir": str(directory)}
    if not entrypoint:
        raise ActionNotFoundError(f"Action '{action}' has no entrypoint defined in {where}", details)
    try:
        module_name, class_name = split_entrypoint(entrypoint)
    except ValueError:
        raise ActionNotFoundError(
            f"Action '{action}': invalid entrypoint {entrypoint!r} (expected 'module.path:ClassName')", details
        ) from None

    prepend_sys_path(directory)
    _forget_foreign_package(module_name.split(".")[0], directory)
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        # Only "the entrypoint module does not exist" is ours; a missing dependency
        # inside the plugin (import torch) propagates as itself.
        if exc.name and (module_name == exc.name or module_name.startswith(exc.name + ".")):
            raise ActionNotFoundError(
                f"Action '{action}': module '{module_name}' of entrypoint {entrypoint!r} not found in {directory}",
                details,
            ) from exc
        raise
    cls = getattr(module, class_name, None)
    if cls is None:
        raise ActionNotFoundError(
            f"Action '{action}': class '{class_name}' not found in module '{module_name}' ({entrypoint!r})", details
        )
    if not (isinstance(cls, type) and issubclass(cls, BaseAction)):
        raise ActionNotFoundError(f"Action '{action}': {entrypoint!r} is not a BaseAction subclass", details)
    if not cls.action_name:
        cls.action_name = action
    if cls.category is None and config.get("category"):
        cls.category = config["category"]
    return cls


__all__ = [
    "action_entries",
    "config_in",
    "find_plugin_config",
    "load_action_class",
    "load_config",
    "plugin_env",
    "split_entrypoint",
]
