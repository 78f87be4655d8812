"""BaseInferenceAction: running a model on inputs."""

from __future__ import annotations

from ..enums import PluginCategory, RunMethod
from .base import BaseAction, P, ProgressCategories


class InferenceProgress(ProgressCategories):
    MODEL_LOAD = "model_load"
    INFERENCE = "inference"
    POSTPROCESS = "postprocess"


class BaseInferenceAction(BaseAction[P]):
    category = PluginCategory.NEURAL_NET
    method = RunMethod.TASK
    progress = InferenceProgress


__all__ = ["BaseInferenceAction", "InferenceProgress"]
