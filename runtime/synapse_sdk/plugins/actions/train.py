"""BaseTrainAction: training with dataset, checkpoint and model helpers.

``execute(self)`` is the guide's form. Upstream calls ``execute(self, data_path,
checkpoint)``; that form works too: the runtime resolves the dataset and checkpoint first
(reporting ``dataset`` progress) and passes them in, and afterwards registers the
``weights_path`` the result names as a model, adding its ``model_id`` to the result, as
upstream's model-upload step does on the platform.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from ..enums import PluginCategory, RunMethod
from .base import BaseAction, P, ProgressCategories, _positional_arity


class TrainProgress(ProgressCategories):
    DATASET = "dataset"
    TRAIN = "train"
    MODEL_UPLOAD = "model_upload"


class BaseTrainParams(BaseModel):
    """Common training params (optional to use): a dataset id, optional splits and checkpoint.

    ``hyperparameters`` is how the platform sends a run's values (``[{"epochs": 10}]``): the
    first item's keys are copied to the top level unless given there, as upstream does
    (not for tuning runs, ``is_tune``, whose list is a search space).
    """

    model_config = ConfigDict(extra="allow")

    dataset: int | str
    splits: Any = None
    checkpoint: int | str | None = None
    is_tune: bool = False
    hyperparameters: list[dict[str, Any]] | None = None

    @model_validator(mode="before")
    @classmethod
    def flatten_hyperparameters(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("is_tune"):
            return data
        hyperparameters = data.get("hyperparameters")
        if isinstance(hyperparameters, list) and hyperparameters and isinstance(hyperparameters[0], dict):
            data = {**{k: v for k, v in hyperparameters[0].items() if k not in data}, **data}
        return data


class BaseTrainAction(BaseAction[P]):
    category = PluginCategory.NEURAL_NET
    method = RunMethod.JOB
    progress = TrainProgress
    target_format: str | None = None

    def run(self) -> Any:
        result = super().run()
        if self._upstream_form:
            result = self._register_weights(result)
        return result

    @property
    def _upstream_form(self) -> bool:
        return _positional_arity(self.execute) > 0

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

    def _register_weights(self, result: Any) -> Any:
        """Store the model file or directory ``result['weights_path']`` names, if it exists."""
        data = result.model_dump() if isinstance(result, BaseModel) else result
        if not isinstance(data, dict) or not data.get("weights_path") or "model_id" in data:
            return result
        path = Path(str(data["weights_path"]))
        if not path.exists():
            return result
        self.set_progress(0, 1, self.progress.MODEL_UPLOAD)
        model = self.create_model(str(path), name=str(self._param("name") or f"train_{self.ctx.job_id or 'local'}"))
        self.set_progress(1, 1, self.progress.MODEL_UPLOAD)
        return {**data, "model_id": model["id"]}


__all__ = ["BaseTrainAction", "BaseTrainParams", "TrainProgress"]
