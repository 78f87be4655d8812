"""LocalExecutor: run an action in this process.

This is what unit tests, ``run_plugin(mode="local")`` and the ``run_action`` runner use.
It builds a local RuntimeContext (no backend client, a LocalStore, an EventSink),
validates params, runs the action and turns the result into a plain dict.

Errors are not wrapped: invalid params raise pydantic's ValidationError with the field
errors, and an exception raised by ``execute`` propagates as itself, so tests can
``pytest.raises`` the real thing. Only a result that does not match ``result_model``
becomes an ``ExecutionError``. Either way an ``error`` event is emitted first, and a
successful run ends with a ``result`` event.
"""

from __future__ import annotations

import os
import warnings
from typing import Any, Mapping

import pydantic
from pydantic import BaseModel

from ..actions.base import BaseAction, NoResult
from ..context import RuntimeContext
from ..errors import ExecutionError
from ..events import EventSink, validation_details, validation_summary
from ..store import LocalStore


class LocalExecutor:
    """Runs actions in-process. ``env=None`` means a copy of ``os.environ``."""

    def __init__(
        self,
        env: Mapping[str, Any] | None = None,
        job_id: str | None = None,
        *,
        client: Any = None,
        checkpoint: Mapping[str, Any] | None = None,
        store: LocalStore | str | os.PathLike[str] | None = None,
        sink: EventSink | None = None,
        language: str | None = None,
    ) -> None:
        self.env = dict(os.environ) if env is None else dict(env)
        self.job_id = job_id
        self.client = client
        self.checkpoint = dict(checkpoint) if checkpoint is not None else None
        self.store = store if store is None or isinstance(store, LocalStore) else LocalStore(store)
        self.sink = sink
        self.language = language
        self.last_context: RuntimeContext | None = None
        self.last_action: BaseAction | None = None

    @property
    def events(self) -> list[dict[str, Any]]:
        """Events of the last ``execute`` call (empty before the first)."""
        return self.last_context.events if self.last_context is not None else []

    def execute(self, action_cls: type[BaseAction], params: Mapping[str, Any] | BaseModel | None = None) -> Any:
        """Run ``action_cls`` with ``params``; return its result as a plain dict."""
        if not (isinstance(action_cls, type) and issubclass(action_cls, BaseAction)):
            raise TypeError(f"action_cls must be a BaseAction subclass, got {action_cls!r}")
        ctx = RuntimeContext(
            env=dict(self.env),
            job_id=self.job_id,
            client=self.client,
            checkpoint=dict(self.checkpoint) if self.checkpoint is not None else None,
            store=self.store,
            sink=self.sink if self.sink is not None else _sink_from_environ(),
            language=self.language,
        )
        self.last_context, self.last_action = ctx, None
        try:
            action = action_cls(params, ctx)
            self.last_action = action
            result = finalize_result(action_cls, action.run())
        except BaseException as exc:
            ctx.sink.error(exc)
            raise
        ctx.sink.result(result)
        return result


def _sink_from_environ() -> EventSink:
    try:
        return EventSink.from_environ()
    except ValueError as exc:
        # In-process runs (tests) should not fail because of a stale variable.
        warnings.warn(f"{exc}; events are not streamed", RuntimeWarning, stacklevel=3)
        return EventSink()


def finalize_result(action_cls: type[BaseAction], result: Any) -> Any:
    """Check ``result`` against ``result_model`` and return it as a plain dict.

    A pydantic result is ``model_dump()``ed; a dict is returned as is once it validates;
    other values (None, lists, scalars) pass through when there is no result_model
    (upstream prints those as ``{"result": value}``; its own templates return models or dicts).
    """
    model = action_cls.result_model
    if model is NoResult:
        model = None
    if model is not None and not isinstance(result, model):
        data = result.model_dump() if isinstance(result, BaseModel) else result
        try:
            model.model_validate(data)
        except pydantic.ValidationError as exc:
            name = action_cls.action_name or action_cls.__name__
            raise ExecutionError(
                f"Action '{name}' returned a result that does not match {model.__name__}: {validation_summary(exc)}",
                {"result_model": model.__name__, "errors": validation_details(exc)},
            ) from exc
    if isinstance(result, BaseModel):
        return result.model_dump()
    return result


__all__ = ["LocalExecutor", "finalize_result"]
