"""BaseTrainAction: training with dataset, checkpoint and model helpers.

``execute(self)`` is the guide's form. Upstream calls ``execute(self, data_path,
checkpoint)``; that form works too: the runtime resolves the dataset and checkpoint first
(reporting ``dataset`` progress) and passes them in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from ..enums import PluginCategory, RunMethod
from .base import BaseAction, P, ProgressCategories


class TrainProgress(ProgressCategories):
    DATASET = "dataset"
    TRAIN = "train"
    MODEL_UPLOAD = "model_upload"


class BaseTrainParams(BaseModel):
    """Common training params (optional to use): a dataset id, optional splits and checkpoint."""

    model_config = ConfigDict(extra="allow")

    dataset: int | str
    splits: Any = None
    checkpoint: int | str | None = None


class BaseTrainAction(BaseAction[P]):
    category = PluginCategory.NEURAL_NET
    method = RunMethod.JOB
    progress = TrainProgress

    def _execute_args(self, arity: int) -> list[Any]:
        if arity == 0:
            return []
        data_path = None
        if self._param("dataset") is not None:
            self.set_progress(0, 1, self.progress.DATASET)
            data_path = Path(self.get_dataset()["path"])
            self.set_progress(1, 1, self.progress.DATASET)
        args = [data_path]
        if arity >= 2:
            args.append(self.get_checkpoint())
        return args


__all__ = ["BaseTrainAction", "BaseTrainParams", "TrainProgress"]
