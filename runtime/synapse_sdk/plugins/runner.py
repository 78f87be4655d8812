"""run_plugin: run one action of a plugin by code or path, from Python.

``run_plugin(plugin_code="yolov8", action="train", params={...}, mode="local")`` finds
the plugin (a directory, a config.yaml path, or a code looked up from the current
directory and sys.path), imports the action from the plugin directory and runs it with a
LocalExecutor. The config's ``env`` is visible in ``ctx.env`` and, for the duration of
the run, in ``os.environ``. Only ``mode="local"`` exists in this runtime; the other modes
need a Ray cluster or a backend and raise ``PluginRunError``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Any, Iterator, Mapping

from .actions.base import BaseAction
from .config import find_plugin_config, load_action_class, load_config, plugin_env
from .errors import PluginRunError
from .executors.local import LocalExecutor

LOCAL_MODES = ("local",)
REMOTE_MODES = ("task", "job", "remote")


@contextlib.contextmanager
def patched_environ(env: Mapping[str, str]) -> Iterator[None]:
    """Set ``env`` in os.environ and restore the previous values afterwards."""
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def resolve_action(plugin_code: str | os.PathLike[str], action: str) -> tuple[type[BaseAction], dict[str, Any]]:
    """(action class, parsed config) for ``action`` of the plugin ``plugin_code``."""
    config_path = find_plugin_config(plugin_code)
    config = load_config(config_path)
    return load_action_class(config_path.parent, config, action, config_path), config


def prepare_action(plugin_dir: str | os.PathLike[str], action: str) -> type[BaseAction]:
    """The class of ``action``, with the plugin importable and config.yaml's ``env`` exported:
    how every runner of a plugin's action (local, Ray job, Ray task) starts."""
    plugin_dir = Path(plugin_dir).absolute()
    if str(plugin_dir) not in sys.path:
        sys.path.insert(0, str(plugin_dir))
    action_cls, config = resolve_action(plugin_dir, action)
    os.environ.update(plugin_env(config))
    return action_cls


def run_plugin(
    plugin_code: str | os.PathLike[str],
    action: str,
    params: Mapping[str, Any] | None = None,
    mode: Any = "local",
    *,
    action_cls: type[BaseAction] | None = None,
    env: Mapping[str, Any] | None = None,
    job_id: str | None = None,
    **executor_kwargs: Any,
) -> Any:
    """Run ``action`` of a plugin and return its result as a plain dict."""
    mode_name = str(getattr(mode, "value", mode)).lower()
    if mode_name not in LOCAL_MODES:
        hint = " (needs a Ray cluster / Synapse backend, not part of this runtime)" if mode_name in REMOTE_MODES else ""
        raise PluginRunError(
            f"run_plugin: mode {mode_name!r} is not supported{hint}; use mode='local'",
            {"mode": mode_name, "supported": list(LOCAL_MODES)},
        )
    if action_cls is None:
        action_cls, config = resolve_action(plugin_code, action)
    else:
        config = load_config(find_plugin_config(plugin_code))
    config_env = plugin_env(config)
    executor_env = {**config_env, **(dict(env) if env is not None else {})}
    with patched_environ(config_env):
        executor = LocalExecutor(env={**os.environ, **executor_env}, job_id=job_id, **executor_kwargs)
        return executor.execute(action_cls, params or {})


__all__ = ["run_plugin", "resolve_action", "prepare_action", "patched_environ"]
