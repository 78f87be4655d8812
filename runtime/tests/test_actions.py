"""Action classes: params, results and execute forms (reporting and metadata: test_action_reporting.py)."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest
from pydantic import BaseModel, Field

from conftest import EVENTS_PLUGIN
from synapse_sdk.plugins import (
    BaseAction,
    BaseTrainAction,
    RuntimeContext,
    errors,
)
from synapse_sdk.plugins.actions.dataset import DatasetAction
from synapse_sdk.plugins.executors.local import LocalExecutor


class Params(BaseModel):
    dataset: int | str | None = None
    epochs: int = Field(default=1, ge=1)


class Result(BaseModel):
    score: float


class GenericAction(BaseTrainAction[Params]):
    def execute(self):
        return {"epochs": self.params.epochs}


class AttributeAction(BaseAction):
    params_model = Params

    def execute(self):
        return self.params


class SubAction(GenericAction):
    pass


class NoParamsAction(BaseAction):
    def execute(self):
        return {"anything": self.params.anything, "dump": self.params.model_dump()}


# -- params -------------------------------------------------------------------------------


def test_params_model_from_generic_argument_attribute_and_inheritance():
    assert GenericAction.params_model is Params
    assert AttributeAction.params_model is Params
    assert SubAction.params_model is Params

    class Other(BaseModel):
        x: int = 0

    class Explicit(BaseTrainAction[Params]):
        params_model = Other

        def execute(self):
            return None

    assert Explicit.params_model is Other


def test_params_are_validated_at_construction():
    action = GenericAction({"dataset": 5, "epochs": "3"})
    assert isinstance(action.params, Params)
    assert action.params.epochs == 3
    assert isinstance(action.ctx, RuntimeContext) and action.ctx.client is None
    with pytest.raises(pydantic.ValidationError) as info:
        GenericAction({"epochs": 0})
    assert info.value.errors()[0]["loc"] == ("epochs",)


def test_params_accept_a_model_instance_and_reject_non_mappings():
    assert GenericAction(Params(epochs=2)).params.epochs == 2
    with pytest.raises(errors.ValidationError, match="must be a JSON object"):
        GenericAction([1, 2])


def test_action_without_params_model_gets_attribute_access():
    result = LocalExecutor().execute(NoParamsAction, {"anything": [1, 2]})
    assert result == {"anything": [1, 2], "dump": {"anything": [1, 2]}}


def test_invalid_params_raise_pydantic_validation_error_unwrapped_with_an_error_event():
    executor = LocalExecutor()
    with pytest.raises(pydantic.ValidationError) as info:
        executor.execute(action_cls=GenericAction, params={"epochs": -1, "dataset": {"no": 1}})
    locs = {err["loc"][0] for err in info.value.errors()}
    assert locs == {"epochs", "dataset"}
    event = executor.events[-1]
    assert event["event"] == "error" and event["class"] == "ValidationError"
    assert event["message"].startswith(f"{info.value.error_count()} validation errors for Params: ")
    assert "epochs: Input should be greater than or equal to 1" in event["message"]
    assert {"loc": ["epochs"], "msg": "Input should be greater than or equal to 1",
            "type": "greater_than_equal", "input": -1} in event["details"]


def test_execute_requires_an_action_class():
    with pytest.raises(TypeError, match="BaseAction subclass"):
        LocalExecutor().execute(object, {})


def test_base_classes_are_abstract():
    with pytest.raises(TypeError):
        BaseTrainAction({})


# -- results ------------------------------------------------------------------------------


class ModelResultAction(BaseAction):
    result_model = Result

    def execute(self):
        return Result(score=0.5)


class DictResultAction(BaseAction):
    result_model = Result

    def execute(self):
        return {"score": "0.75", "extra": Path("/x")}


class WrongResultAction(BaseAction):
    result_model = Result

    def execute(self):
        return {"score": "high"}


class NoneResultAction(BaseAction):
    result_model = Result

    def execute(self):
        return None


class FreeResultAction(BaseAction):
    def execute(self):
        return self.params.value


def test_result_model_instance_is_dumped_to_a_dict():
    assert LocalExecutor().execute(ModelResultAction, {}) == {"score": 0.5}


def test_dict_result_is_validated_and_returned_as_is():
    assert LocalExecutor().execute(DictResultAction, {}) == {"score": "0.75", "extra": Path("/x")}


@pytest.mark.parametrize("action", [WrongResultAction, NoneResultAction])
def test_result_not_matching_result_model_is_an_execution_error(action):
    executor = LocalExecutor()
    with pytest.raises(errors.ExecutionError) as info:
        executor.execute(action, {})
    assert "does not match Result" in info.value.message
    assert info.value.details["result_model"] == "Result"
    assert info.value.details["errors"][0]["loc"] in (["score"], [])
    assert executor.events[-1]["class"] == "ExecutionError"


@pytest.mark.parametrize("value", [{"a": 1}, None, [1, 2], 3])
def test_results_without_result_model_pass_through(value):
    assert LocalExecutor().execute(FreeResultAction, {"value": value}) == value


def test_any_pydantic_result_is_dumped():
    class Anything(BaseAction):
        def execute(self):
            return Result(score=1)

    assert LocalExecutor().execute(Anything) == {"score": 1.0}


def test_crash_propagates_unwrapped_and_emits_error_event_with_traceback():
    def explode():
        raise KeyError("boom")

    class Crash(BaseAction):
        def execute(self):
            self.ctx.log_message("working", "info")
            explode()

    executor = LocalExecutor()
    with pytest.raises(KeyError):
        executor.execute(Crash, {})
    event = executor.events[-1]
    assert event["class"] == "KeyError" and event["message"] == "'boom'" and event["details"] is None
    assert "in explode" in event["traceback"] and "KeyError: 'boom'" in event["traceback"]
    assert "executors/local.py" not in event["traceback"]  # starts at the plugin's frames


# -- execute forms ------------------------------------------------------------------------


def test_upstream_execute_data_path_checkpoint(monkeypatch, guide_store, tmp_path):
    monkeypatch.syspath_prepend(str(EVENTS_PLUGIN))
    from events_plugin_pkg.upstream import UpstreamTrainAction

    executor = LocalExecutor()
    result = executor.execute(UpstreamTrainAction, {"dataset": 123})
    assert result["data_path"] == guide_store.get_dataset(123)["path"]
    assert "train/images/0.jpg" in result["files"]
    assert result["checkpoint"] is None
    kinds = [(e["event"], e.get("category"), e.get("current")) for e in executor.events]
    assert kinds[:2] == [("progress", "dataset", 0), ("progress", "dataset", 1)]
    assert ("metrics", "train", None) in kinds
    assert executor.events[2]["level"] == "info"

    weights = tmp_path / "w.pt"
    weights.write_bytes(b"w")
    checkpoint = guide_store.add_checkpoint(3, path=weights)
    result = LocalExecutor().execute(UpstreamTrainAction, {"dataset": 123, "checkpoint": 3})
    assert result["checkpoint"] == checkpoint


def test_execute_with_only_data_path():
    class OneArg(BaseTrainAction[Params]):
        def execute(self, data_path):
            return {"data_path": data_path}

    result = LocalExecutor().execute(OneArg, {"dataset": 123})
    assert isinstance(result["data_path"], Path) and result["data_path"].is_dir()
    assert LocalExecutor().execute(OneArg, {}) == {"data_path": None}


def test_dataset_action_default_execute(guide_store):
    class Download(DatasetAction):
        pass

    assert LocalExecutor().execute(Download, {"dataset": "123"}) == guide_store.get_dataset(123)
