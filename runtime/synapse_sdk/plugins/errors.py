"""Plugin error hierarchy.

The class names and the ``PluginError(message, details=None)`` shape follow the plugin
development guide (and the upstream SDK), so plugins can ``except ExecutionError`` and
read ``.message`` / ``.details`` the same way in both. ``details`` is meant to be JSON-able
because the runner forwards it in the ``error`` event.
"""

from __future__ import annotations

from typing import Any


class PluginError(Exception):
    """Base class for all plugin errors: a human message plus machine-readable details."""

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        # Plain message, so f"Training failed: {e}" in the guide reads naturally.
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(message={self.message!r}, details={self.details!r})"


class ValidationError(PluginError):
    """Parameters or configuration are invalid (not pydantic's ValidationError)."""


class ActionNotFoundError(PluginError):
    """The requested action is not in config.yaml, or its entrypoint cannot be found."""


class ExecutionError(PluginError):
    """An action failed while running (for example its result does not match result_model)."""


class ResourceNotFoundError(ExecutionError):
    """A dataset, checkpoint, model or file an action asked for does not exist.

    An extension of the guide's hierarchy: a subclass of ExecutionError so handlers
    written against the guide still catch it.
    """


class PluginUploadError(PluginError):
    """Plugin upload failed."""


class ArchiveError(PluginError):
    """Archive creation failed."""


class BuildError(PluginError):
    """Wheel build failed."""


class ChecksumMismatchError(PluginError):
    """Checksum verification failed."""


class PluginRunError(PluginError):
    """A plugin could not be run (unknown plugin, unsupported mode, ...)."""


__all__ = [
    "PluginError",
    "ValidationError",
    "ActionNotFoundError",
    "ExecutionError",
    "ResourceNotFoundError",
    "PluginUploadError",
    "ArchiveError",
    "BuildError",
    "ChecksumMismatchError",
    "PluginRunError",
]
