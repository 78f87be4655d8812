"""Turning action output into strict JSON.

Results, metrics and error details cross a process boundary (the JSON-lines event
stream and the runner's stdout), and the reader is not Python. So everything is reduced
to plain JSON types: pydantic models and paths via pydantic-core, numpy/torch scalars
via ``.item()``, arrays via ``.tolist()``, anything else via ``str()``. Non-finite floats
have no JSON spelling; they become the strings ``"NaN"``, ``"Infinity"`` and
``"-Infinity"`` (what Swift's ``JSONDecoder.nonConformingFloatDecodingStrategy``
``.convertFromString`` expects) instead of invalid bare ``NaN`` tokens.
"""

from __future__ import annotations

import json
import math
from typing import Any

from pydantic_core import to_jsonable_python


def _fallback(obj: Any) -> Any:
    for method in ("item", "tolist"):
        fn = getattr(obj, method, None)
        if callable(fn):
            try:
                return fn()
            except Exception:  # e.g. .item() on a multi-element array
                continue
    return str(obj)


def _finite(obj: Any) -> Any:
    if isinstance(obj, float) and not math.isfinite(obj):
        if math.isnan(obj):
            return "NaN"
        return "Infinity" if obj > 0 else "-Infinity"
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_finite(v) for v in obj]
    return obj


def jsonable(obj: Any) -> Any:
    """Return ``obj`` as a tree of dict/list/str/int/float/bool/None, strictly JSON-safe."""
    return _finite(to_jsonable_python(obj, fallback=_fallback))


def dumps(obj: Any) -> str:
    """One-line strict JSON (non-ASCII kept as UTF-8)."""
    return json.dumps(jsonable(obj), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
