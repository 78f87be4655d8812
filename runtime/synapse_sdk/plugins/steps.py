"""``synapse_sdk.plugins.steps``: upstream's step-workflow names, in the small form that runs here.

Upstream's Train/Upload/Export/Inference bases can run a workflow of steps registered in
``setup_steps(registry)``. Here a registry runs its steps in order with ``Orchestrator``;
the built-in steps that talk to the backend are not part of this runtime.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Iterator, TypeVar

from .errors import ExecutionError

C = TypeVar("C")


@dataclass
class StepResult:
    success: bool = True
    data: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    skipped: bool = False


@dataclass
class BaseStepContext:
    runtime_ctx: Any = None
    step_results: list[StepResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class BaseStep(Generic[C]):
    """One step: ``name``, ``execute(context) -> StepResult``, optional ``can_skip``."""

    @property
    def name(self) -> str:
        return type(self).__name__

    @property
    def progress_weight(self) -> float:
        return 1.0

    @property
    def progress_proportion(self) -> int:
        return 0

    def can_skip(self, context: C) -> bool:
        return False

    def execute(self, context: C) -> StepResult:  # pragma: no cover - overridden
        raise ExecutionError(f"step {self.name} does not implement execute(context)")

    def rollback(self, context: C, result: StepResult) -> None:
        """Undo what ``execute`` did when a later step fails (nothing by default)."""


class StepRegistry(Generic[C]):
    """The ordered steps of a workflow."""

    def __init__(self) -> None:
        self._steps: list[BaseStep[C]] = []

    def register(self, step: BaseStep[C]) -> None:
        self._steps.append(step)

    def get_steps(self) -> list[BaseStep[C]]:
        return list(self._steps)

    def __iter__(self) -> Iterator[BaseStep[C]]:
        return iter(self._steps)

    def __len__(self) -> int:
        return len(self._steps)

    def __bool__(self) -> bool:
        return bool(self._steps)


class Orchestrator(Generic[C]):
    """Runs a registry's steps in order; a failed step rolls back the ones before it and raises."""

    def __init__(self, registry: StepRegistry[C], context: C,
                 progress_callback: Callable[[int, int], None] | None = None) -> None:
        self._registry = registry
        self._context = context
        self._progress = progress_callback

    def execute(self) -> dict[str, Any]:
        steps = self._registry.get_steps()
        done: list[tuple[BaseStep[C], StepResult]] = []
        results = getattr(self._context, "step_results", None)
        for step in steps:
            if step.can_skip(self._context):
                result = StepResult(skipped=True)
            else:
                try:
                    result = step.execute(self._context)
                except Exception as exc:  # a step's exception is its failure, as upstream
                    result = StepResult(success=False, error=str(exc))
                done.append((step, result))
            if isinstance(results, list):
                results.append(result)
            if not result.success:
                for previous, previous_result in reversed(done[:-1]):
                    previous.rollback(self._context, previous_result)
                raise ExecutionError(f"Step '{step.name}' failed: {result.error}", {"step": step.name})
            if self._progress is not None:
                self._progress(100, 100)
        return {"success": True, "steps_executed": len(done), "steps_total": len(steps)}


__all__ = ["BaseStep", "BaseStepContext", "Orchestrator", "StepRegistry", "StepResult"]
