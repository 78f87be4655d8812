"""RuntimeContext: what an action can reach besides its params (``self.ctx``).

Locally there is no backend: ``client`` is None, ``env`` is a plain dict, and datasets,
checkpoints and models come from a ``LocalStore``. Logging, progress and metrics go to an
``EventSink``; ``ctx.events`` is the list of what the action emitted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Mapping

from .enums import LogLevel
from .events import EventSink
from .logger import ActionLogger
from .store import STORE_VAR, LocalStore, default_store_path


@dataclass
class RuntimeContext:
    env: dict[str, str] = field(default_factory=dict)
    job_id: str | None = None
    client: Any = None
    checkpoint: dict[str, Any] | None = None
    store: LocalStore | None = None
    sink: EventSink = field(default_factory=lambda: EventSink(stderr=True))
    language: str | None = None

    def __post_init__(self) -> None:
        if self.store is None:
            # ctx.env first, so LocalExecutor(env={"SYNAPSE_LOCAL_STORE": ...}) picks a store.
            self.store = LocalStore(self.env.get(STORE_VAR) or default_store_path(os.environ))

    @property
    def logger(self) -> ActionLogger:
        """Upstream's logger calls (``ctx.logger.info(...)``), as log events."""
        return ActionLogger(self)

    @property
    def events(self) -> list[dict[str, Any]]:
        """Everything emitted so far (log, progress, metrics, result, error), oldest first."""
        return self.sink.events

    def log_message(self, message: Any, level: LogLevel | str = LogLevel.INFO, *,
                    context: LogLevel | str | None = None, **kwargs: Any) -> None:
        """Log a message. ``level`` is a LogLevel or its string ("info", "danger", ...).

        Upstream forms are accepted too: ``context=`` as a level alias, ``str.format``
        keyword arguments, and ``{language: text}`` dicts for localized messages.
        """
        if context is not None and level == LogLevel.INFO:
            level = context
        kwargs.pop("step", None)
        kwargs.pop("language", None)
        if isinstance(message, Mapping):
            lang = self.language or self.env.get("SYNAPSE_LANGUAGE") or "en"
            message = message.get(lang) or message.get("en") or next(iter(message.values()), "")
        message = str(message)
        if kwargs:
            message = message.format(**kwargs)
        self.sink.log(message, level)

    def log(self, event: str, data: Mapping[str, Any] | None = None, file: str | None = None) -> None:
        """Upstream's structured log entry: shown as a debug line ``event {data}``."""
        text = f"{event} {dict(data)}" if data else str(event)
        self.sink.log(f"{text} ({file})" if file else text, LogLevel.DEBUG)

    def set_progress(self, current: float, total: float, category: Any = None, *, step: Any = None) -> None:
        """Report ``current`` of ``total`` for a progress category (``step`` is upstream's name)."""
        category = category if category is not None else step
        if isinstance(total, bool) or not isinstance(total, (int, float)) or total <= 0:
            raise ValueError(f"total must be > 0, got {total!r}")
        if isinstance(current, bool) or not isinstance(current, (int, float)) or not 0 <= current <= total:
            raise ValueError(f"current must be between 0 and {total}, got {current!r}")
        self.sink.progress(current, total, category)

    def set_metrics(self, values: Mapping[str, Any], category: Any = None, *, step: Any = None) -> None:
        """Record metric values (``set_metrics(values, "train")`` or ``category=``/``step=``)."""
        if not isinstance(values, Mapping):
            raise TypeError(f"set_metrics expects a dict of values, got {type(values).__name__}")
        self.sink.metrics(values, category if category is not None else step)

    def log_metric(self, category: Any, key: str, value: Any, **metrics: Any) -> None:
        """Upstream's single-metric form: ``log_metric("train", "loss", 0.5, epoch=1)``."""
        self.sink.metrics({key: value, **metrics}, category)


__all__ = ["RuntimeContext"]
