"""The ``setup_steps`` hook shared by the bases that upstream gives a step workflow."""

from __future__ import annotations

from typing import Any

from ..steps import BaseStepContext, Orchestrator, StepRegistry


class StepWorkflow:
    """``run()``: the steps ``setup_steps`` registers, when it registers any, else ``execute()``."""

    def setup_steps(self, registry: StepRegistry[Any]) -> None:
        """Register workflow steps (none by default: ``execute`` runs)."""

    def create_context(self) -> Any:
        """The context handed to every step: the runtime context and the params as a dict."""
        context = BaseStepContext(runtime_ctx=self.ctx)  # type: ignore[attr-defined]
        context.params = self.params.model_dump() if hasattr(self.params, "model_dump") else dict(self.params)  # type: ignore[attr-defined]
        return context

    def _run_steps(self) -> dict[str, Any] | None:
        registry: StepRegistry[Any] = StepRegistry()
        self.setup_steps(registry)
        if not registry:
            return None
        orchestrator = Orchestrator(registry, self.create_context(),
                                    progress_callback=lambda current, total: self.set_progress(current, total))  # type: ignore[attr-defined]
        return orchestrator.execute()
