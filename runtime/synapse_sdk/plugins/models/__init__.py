"""Upstream's ``synapse_sdk.plugins.models`` path, for plugins that import from it."""

from .logger import LogLevel

__all__ = ["LogLevel"]
