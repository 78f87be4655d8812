"""ActionLogger: upstream's ``ctx.logger`` / ``self.logger`` calls, written to the event sink.

Upstream plugins log with ``self.logger.info("...")`` and friends (its ConsoleLogger or
JobLogger); here each becomes a log event of that level, so it shows in ``plugin run`` like
``log_message`` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from .enums import LogLevel

if TYPE_CHECKING:
    from .context import RuntimeContext


class ActionLogger:
    def __init__(self, ctx: RuntimeContext) -> None:
        self._ctx = ctx

    def _log(self, level: LogLevel, message: Any) -> None:
        self._ctx.sink.log(str(message), level)

    def debug(self, message: Any, *args: Any, **kwargs: Any) -> None:
        self._log(LogLevel.DEBUG, message)

    def info(self, message: Any, *args: Any, **kwargs: Any) -> None:
        self._log(LogLevel.INFO, message)

    def success(self, message: Any, *args: Any, **kwargs: Any) -> None:
        self._log(LogLevel.SUCCESS, message)

    def warning(self, message: Any, *args: Any, **kwargs: Any) -> None:
        self._log(LogLevel.WARNING, message)

    def error(self, message: Any, *args: Any, **kwargs: Any) -> None:
        self._log(LogLevel.ERROR, message)

    def danger(self, message: Any, *args: Any, **kwargs: Any) -> None:
        self._log(LogLevel.DANGER, message)

    def critical(self, message: Any, *args: Any, **kwargs: Any) -> None:
        self._log(LogLevel.CRITICAL, message)

    def log(self, event: str, data: Mapping[str, Any] | None = None, file: str | None = None, **kwargs: Any) -> None:
        self._ctx.log(event, data, file)

    def set_progress(self, current: float, total: float, step: Any = None) -> None:
        self._ctx.set_progress(current, total, step)

    def set_metrics(self, value: Mapping[str, Any], step: Any = None) -> None:
        self._ctx.set_metrics(value, step)

    def finish(self) -> None:
        """Upstream flushes its logger at the end of a run; events here are already written."""


__all__ = ["ActionLogger"]
