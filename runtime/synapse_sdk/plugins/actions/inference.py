"""BaseInferenceAction (running a model on inputs) and upstream's deployment bases."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from ..enums import PluginCategory, RunMethod
from ..errors import ExecutionError
from ._steps import StepWorkflow
from .base import BaseAction, P, ProgressCategories


class InferenceProgress(ProgressCategories):
    MODEL_LOAD = "model_load"
    INFERENCE = "inference"
    POSTPROCESS = "postprocess"


InferenceProgressCategories = InferenceProgress


class BaseInferenceAction(StepWorkflow, BaseAction[P]):
    category = PluginCategory.NEURAL_NET
    method = RunMethod.TASK
    progress = InferenceProgress

    def run(self) -> Any:
        result = self._run_steps()
        return self.execute() if result is None else result


class DeploymentProgress(ProgressCategories):
    INITIALIZE = "initialize"
    DEPLOY = "deploy"
    REGISTER = "register"


DeploymentProgressCategories = DeploymentProgress


class BaseDeploymentAction(BaseAction[P]):
    """Upstream's Ray Serve deployment action. Deploying needs a Ray cluster and the
    backend, so locally only an ``execute`` of the plugin's own runs."""

    category = PluginCategory.NEURAL_NET
    method = RunMethod.JOB
    progress = DeploymentProgress
    num_cpus: float = 1
    num_gpus: float = 0

    def execute(self) -> Any:
        raise ExecutionError(
            f"{type(self).__name__}: deploying to Ray Serve needs a Ray cluster and a Synapse backend; "
            "run it on the platform (synapse plugin run --mode job) or override execute()",
            {"action": self.action_name},
        )


class BaseServeDeployment(BaseAction[P]):
    """Upstream's Ray Serve ingress class (``method: serve``): the platform serves it and
    calls ``infer``; ``plugin run`` cannot run it here (upstream's needs Ray Serve too)."""

    method = RunMethod.SERVE

    @abstractmethod
    def _get_model(self, model_info: Any) -> Any:
        """Load the model a request names."""

    @abstractmethod
    def infer(self, *args: Any, **kwargs: Any) -> Any:
        """Answer one request."""

    def execute(self) -> Any:
        raise ExecutionError(
            f"{type(self).__name__} is a Ray Serve deployment: it is served on the platform "
            "(method serve), not run as an action",
            {"action": self.action_name},
        )


__all__ = [
    "BaseDeploymentAction",
    "BaseInferenceAction",
    "BaseServeDeployment",
    "DeploymentProgress",
    "DeploymentProgressCategories",
    "InferenceProgress",
    "InferenceProgressCategories",
]
