"""``from synapse_sdk.plugins.action import BaseAction``: upstream's module path for BaseAction."""

from .actions.base import BaseAction, NoResult

__all__ = ["BaseAction", "NoResult"]
