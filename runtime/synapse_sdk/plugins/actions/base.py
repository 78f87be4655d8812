"""BaseAction: the class every plugin action derives from.

An action declares its parameters as a pydantic model, either as the generic argument
(``class TrainAction(BaseTrainAction[TrainParams])``) or as ``params_model = TrainParams``,
and implements ``execute(self)``. Constructing an action validates its params, so a bad
value fails before any work starts, with pydantic's own field errors.
"""

from __future__ import annotations

import inspect
import typing
from abc import ABC, abstractmethod
from typing import Any, ClassVar, Generic, Mapping, TypeVar

from pydantic import BaseModel, ConfigDict

from ..context import RuntimeContext
from ..enums import LogLevel, PluginCategory, RunMethod
from ..errors import ValidationError
from ..types import DataType

P = TypeVar("P", bound=BaseModel)


class AnyParams(BaseModel):
    """Params of an action that declares no model: any keys, readable as attributes."""

    model_config = ConfigDict(extra="allow")


class ProgressCategories:
    """Names for ``set_progress`` categories; each base class lists its own."""


class NoResult:
    """Upstream's "no result model" marker (``result_model = NoResult``); same as None here."""


def _generic_params_model(cls: type) -> type[BaseModel] | None:
    """The pydantic model given as the generic argument in ``cls``'s own bases, if any."""
    for base in getattr(cls, "__orig_bases__", ()):
        origin = typing.get_origin(base)
        if isinstance(origin, type) and issubclass(origin, BaseAction):
            for arg in typing.get_args(base):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    return arg
    return None


class BaseAction(ABC, Generic[P]):
    """A plugin action. Subclasses set the class attributes below and implement ``execute``."""

    action_name: ClassVar[str | None] = None
    category: ClassVar[PluginCategory | str | None] = None
    method: ClassVar[RunMethod | str] = RunMethod.TASK
    description: ClassVar[str] = ""
    input_type: ClassVar[type[DataType] | None] = None
    output_type: ClassVar[type[DataType] | None] = None
    params_model: ClassVar[type[BaseModel] | None] = None
    result_model: ClassVar[type[BaseModel] | None] = None
    progress: ClassVar[type[ProgressCategories]] = ProgressCategories

    params: P
    ctx: RuntimeContext

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "params_model" not in cls.__dict__:
            model = _generic_params_model(cls)
            if model is not None:
                cls.params_model = model

    def __init__(self, params: Mapping[str, Any] | BaseModel | None = None, ctx: RuntimeContext | None = None) -> None:
        """Validate ``params`` against ``params_model`` (pydantic.ValidationError on bad input)."""
        self.ctx = ctx if ctx is not None else RuntimeContext()
        self.params = self.validate_params(params, self.ctx)

    @classmethod
    def validate_params(cls, params: Mapping[str, Any] | BaseModel | None, ctx: RuntimeContext | None = None) -> Any:
        """The validated params model; the ctx's client is passed as validation context,
        as upstream does, for validators that look things up."""
        model = cls.params_model or AnyParams
        if isinstance(params, model):
            return params
        if isinstance(params, BaseModel):
            params = params.model_dump()
        if params is None:
            params = {}
        if not isinstance(params, Mapping):
            raise ValidationError(
                f"Params for {cls.__name__} must be a JSON object (dict), got {type(params).__name__}",
                {"params": repr(params)},
            )
        context = {"client": ctx.client if ctx is not None else None}
        return model.model_validate(dict(params), context=context)

    @abstractmethod
    def execute(self) -> Any:
        """Do the work and return the result (a dict or a ``result_model`` instance)."""

    def run(self) -> Any:
        """Call ``execute`` with the arguments its signature asks for (none, by default)."""
        return self.execute(*self._execute_args(_positional_arity(self.execute)))

    def _execute_args(self, arity: int) -> list[Any]:
        """Arguments for an ``execute`` taking ``arity`` positional ones; BaseTrainAction
        supplies upstream's (data_path, checkpoint). Others pass none, so a mismatched
        signature fails with Python's own TypeError."""
        return []

    # -- shortcuts to the context (upstream has them on the action too) ------------------

    @property
    def logger(self) -> Any:
        """Upstream's ``self.logger`` (``self.logger.info("...")``): log events."""
        return self.ctx.logger

    def log(self, event: str, data: Mapping[str, Any] | None = None, file: str | None = None) -> None:
        self.ctx.log(event, data, file)

    def log_message(self, message: Any, level: LogLevel | str = LogLevel.INFO, **kwargs: Any) -> None:
        self.ctx.log_message(message, level, **kwargs)

    def set_progress(self, current: float, total: float, category: Any = None, *, step: Any = None) -> None:
        self.ctx.set_progress(current, total, category, step=step)

    def set_metrics(self, values: Mapping[str, Any], category: Any = None, *, step: Any = None) -> None:
        self.ctx.set_metrics(values, category, step=step)

    def log_metric(self, category: Any, key: str, value: Any, **metrics: Any) -> None:
        self.ctx.log_metric(category, key, value, **metrics)

    # -- local-store helpers (BaseTrainAction's, available to every action) --------------

    def _param(self, name: str) -> Any:
        return getattr(self.params, name, None)

    def get_dataset(self) -> dict[str, Any]:
        """The dataset named by ``params.dataset``: ``{id, name, path, splits}``."""
        dataset_id = self._param("dataset")
        if dataset_id is None:
            raise ValidationError(
                f"get_dataset() needs a 'dataset' parameter, but {type(self).__name__} got none",
                {"params": sorted(self.params.model_dump()) if isinstance(self.params, BaseModel) else None},
            )
        return self.ctx.store.get_dataset(dataset_id)

    def get_checkpoint(self) -> dict[str, Any] | None:
        """``ctx.checkpoint`` if set, else checkpoint ``params.checkpoint`` from the store, else None."""
        if self.ctx.checkpoint:
            return dict(self.ctx.checkpoint)
        checkpoint_id = self._param("checkpoint")
        if checkpoint_id is None:
            return None
        return self.ctx.store.get_checkpoint(checkpoint_id)

    def create_model(self, path: Any, name: str | None = None, description: str | None = None,
                     metrics: Mapping[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
        """Save a model file or directory into the store; returns ``{id, path, name, ...}``."""
        return self.ctx.store.add_model(path, name=name, description=description, metrics=metrics, **extra)

    def get_model(self, model_id: int | str) -> dict[str, Any]:
        return self.ctx.store.get_model(model_id)


def _positional_arity(fn: Any) -> int:
    """How many positional arguments a bound method accepts (2 for ``*args``)."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return 0
    count = 0
    for p in sig.parameters.values():
        if p.kind is p.VAR_POSITIONAL:
            return 2
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            count += 1
    return count


__all__ = ["BaseAction", "AnyParams", "NoResult", "ProgressCategories"]
