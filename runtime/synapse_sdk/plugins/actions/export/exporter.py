"""BaseExporter: upstream's hook-based exporter (``plugin.export.Exporter`` in its template).

Upstream's export workflow builds one with the export items it fetched from the backend and
calls the hooks below for each item. It is not an action (no ``dispatch``), so neither
upstream's ``plugin run`` nor ours can run it; this class exists so that such a plugin
imports, validates and its hooks can be unit-tested.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from ...context import RuntimeContext


class BaseExporter:
    """Per-item export hooks; each returns the (possibly transformed) item."""

    def __init__(self, ctx: RuntimeContext, export_items: Iterable[Any], path_root: Path | str, **params: Any) -> None:
        self.ctx = ctx
        self.export_items = export_items
        self.path_root = Path(path_root)
        self.params = params

    def before_convert(self, data: dict[str, Any]) -> dict[str, Any]:
        return data

    def convert_data(self, data: dict[str, Any]) -> dict[str, Any]:
        return data

    def after_convert(self, data: dict[str, Any]) -> dict[str, Any]:
        return data

    def process(self, data: dict[str, Any]) -> dict[str, Any]:
        """The three hooks in upstream's order."""
        return self.after_convert(self.convert_data(self.before_convert(data)))


__all__ = ["BaseExporter"]
