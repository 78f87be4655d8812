"""Action classes: params, execute forms, results, logging, progress, metrics, metadata."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pydantic
import pytest
from pydantic import BaseModel, Field

from conftest import EVENTS_PLUGIN
from synapse_sdk.plugins import (
    BaseAction,
    BaseExportAction,
    BaseInferenceAction,
    BaseTrainAction,
    BaseUploadAction,
    RuntimeContext,
    errors,
)
from synapse_sdk.plugins.actions.dataset import DatasetAction
from synapse_sdk.plugins.enums import LogLevel, MetricsCategory, PluginCategory, RunMethod
from synapse_sdk.plugins.executors.local import LocalExecutor
from synapse_sdk.plugins import types


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


# -- logging, progress, metrics ------------------------------------------------------------


def _run(body, params=None):
    class Probe(BaseAction):
        def execute(self):
            return body(self)

    executor = LocalExecutor()
    executor.execute(Probe, params or {})
    return executor


@pytest.mark.parametrize("level", ["debug", "info", "success", "warning", "danger", "error", "critical", "INFO"])
def test_log_levels_as_strings(level):
    executor = _run(lambda a: a.ctx.log_message("hello", level))
    assert executor.events[0]["level"] == level.lower()


def test_log_levels_as_enums_and_upstream_forms(capsys):
    def body(a):
        a.ctx.log_message("enum", LogLevel.WARNING)
        a.ctx.log_message("deprecated context", context="danger")
        a.ctx.log_message("epoch {n} of {total}", n=1, total=3)
        a.ctx.log_message({"ko": "안녕", "en": "hello"})
        a.log_message("from the action", LogLevel.SUCCESS)
        a.ctx.log_message("default level")

    events = _run(body).events
    assert [(e["level"], e["message"]) for e in events[:-1]] == [
        ("warning", "enum"),
        ("danger", "deprecated context"),
        ("info", "epoch 1 of 3"),
        ("info", "hello"),
        ("success", "from the action"),
        ("info", "default level"),
    ]
    assert all(e["time"].endswith("Z") for e in events[:-1])
    assert "[WARNING] enum\n" in capsys.readouterr().err


def test_unknown_log_level_is_rejected():
    with pytest.raises(ValueError, match="Unknown log level 'loud'"):
        _run(lambda a: a.ctx.log_message("x", "loud"))


def test_progress_forms_and_validation():
    def body(a):
        a.set_progress(1, 4)
        a.set_progress(2, 4, "train")
        a.set_progress(3, 4, category="train")
        a.set_progress(4, 4, step="upload")
        a.ctx.set_progress(0.5, 1.0, "float")

    events = _run(body).events
    assert [(e["category"], e["current"], e["total"]) for e in events[:-1]] == [
        (None, 1, 4), ("train", 2, 4), ("train", 3, 4), ("upload", 4, 4), ("float", 0.5, 1.0),
    ]
    with pytest.raises(ValueError, match="total must be > 0"):
        _run(lambda a: a.set_progress(0, 0))
    with pytest.raises(ValueError, match="current must be between 0 and 10"):
        _run(lambda a: a.set_progress(11, 10))


def test_metrics_forms():
    def body(a):
        a.set_metrics({"loss": 0.5}, category="train")
        a.set_metrics({"loss": 0.4}, "validation")  # upstream: set_metrics(value, step)
        a.set_metrics({"loss": 0.3}, step="test")
        a.set_metrics({"acc": 1.0}, MetricsCategory.TEST)
        a.log_metric("train", "loss", 0.2, epoch=2)
        a.set_metrics({"nan": float("nan"), "inf": -math.inf, "np": np.float32(0.5), "arr": np.arange(2)})

    events = _run(body).events[:-1]
    assert [(e["category"], e["values"]) for e in events] == [
        ("train", {"loss": 0.5}),
        ("validation", {"loss": 0.4}),
        ("test", {"loss": 0.3}),
        ("test", {"acc": 1.0}),
        ("train", {"loss": 0.2, "epoch": 2}),
        (None, {"nan": "NaN", "inf": "-Infinity", "np": 0.5, "arr": [0, 1]}),
    ]
    with pytest.raises(TypeError, match="dict of values"):
        _run(lambda a: a.set_metrics([1, 2], "train"))


def test_progress_and_metrics_do_not_print_but_logs_do(capsys):
    _run(lambda a: (a.set_progress(1, 2), a.set_metrics({"x": 1}), a.ctx.log_message("shown")))
    assert capsys.readouterr().err == "[INFO] shown\n"


# -- context ------------------------------------------------------------------------------


def test_context_from_executor(monkeypatch):
    monkeypatch.setenv("SOME_HOST_VAR", "1")
    executor = _run(lambda a: None)
    assert executor.last_context.env["SOME_HOST_VAR"] == "1"  # env=None: a copy of os.environ
    executor = LocalExecutor(env={"A": "b"}, job_id="j-1")
    executor.execute(FreeResultAction, {"value": 1})
    ctx = executor.last_action.ctx
    assert (ctx.env, ctx.job_id, ctx.client, ctx.checkpoint) == ({"A": "b"}, "j-1", None, None)
    assert executor.events == ctx.events


def test_each_execute_gets_fresh_events():
    executor = LocalExecutor()
    executor.execute(FreeResultAction, {"value": 1})
    executor.execute(FreeResultAction, {"value": 2})
    assert executor.events == [{"event": "result", "result": 2}]


def test_stale_events_fd_in_process_only_warns(monkeypatch):
    monkeypatch.setenv("SYNAPSE_EVENTS_FD", "987654")
    with pytest.warns(RuntimeWarning, match="not open"):
        assert LocalExecutor().execute(FreeResultAction, {"value": 1}) == 1


# -- metadata -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "base, category, method, names",
    [
        (BaseTrainAction, PluginCategory.NEURAL_NET, RunMethod.JOB, {"DATASET": "dataset", "TRAIN": "train", "MODEL_UPLOAD": "model_upload"}),
        (BaseInferenceAction, PluginCategory.NEURAL_NET, RunMethod.TASK, {"MODEL_LOAD": "model_load", "INFERENCE": "inference", "POSTPROCESS": "postprocess"}),
        (BaseExportAction, PluginCategory.EXPORT, RunMethod.JOB, {"EXPORT": "export"}),
        (BaseUploadAction, PluginCategory.UPLOAD, RunMethod.JOB, {"UPLOAD": "upload"}),
        (DatasetAction, None, RunMethod.JOB, {"DOWNLOAD": "download", "CONVERT": "convert"}),
    ],
)
def test_base_class_metadata_and_progress_categories(base, category, method, names):
    assert base.category == category
    assert base.method == method
    for attr, value in names.items():
        assert getattr(base.progress, attr) == value
    assert base.action_name is None and base.result_model is None


@pytest.mark.parametrize(
    "cls, name",
    [
        (types.DataType, "data"), (types.Dataset, "dataset"), (types.DMDataset, "dm_dataset"),
        (types.DMv1Dataset, "dm_v1_dataset"), (types.DMv2Dataset, "dm_v2_dataset"),
        (types.YOLODataset, "yolo_dataset"), (types.COCODataset, "coco_dataset"),
        (types.PascalVOCDataset, "pascal_voc_dataset"), (types.Model, "model"),
        (types.ModelWeights, "model_weights"), (types.ONNXModel, "onnx_model"),
        (types.TensorRTModel, "tensorrt_model"), (types.Result, "result"),
        (types.TestResults, "test_results"), (types.InferenceResults, "inference_results"),
    ],
)
def test_data_type_names(cls, name):
    assert cls.name == name
    assert issubclass(cls, types.DataType)


def test_enums():
    assert [c.value for c in PluginCategory] == [
        "neural_net", "export", "upload", "smart_tool", "data_validation",
        "pre_annotation", "post_annotation", "custom",
    ]
    assert [m.value for m in RunMethod] == ["job", "task", "serve", "restapi"]
    assert [lv.value for lv in LogLevel] == ["debug", "info", "success", "warning", "danger", "error", "critical"]
    assert PluginCategory.NEURAL_NET == "neural_net" and str(PluginCategory.NEURAL_NET) == "neural_net"
    assert f"{RunMethod.JOB}" == "job"


def test_env_is_not_exported_by_the_executor():
    LocalExecutor(env={"ONLY_IN_CTX": "1"}).execute(FreeResultAction, {"value": 1})
    assert "ONLY_IN_CTX" not in os.environ
