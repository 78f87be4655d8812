"""Actions' reporting (logs, progress, metrics), their context, and the package's metadata:
base classes, data types and enums. Split from test_actions.py, which covers params, results
and execute forms."""

from __future__ import annotations

import math
import os

import numpy as np
import pytest

from synapse_sdk.plugins import (
    BaseAction,
    BaseExportAction,
    BaseInferenceAction,
    BaseTrainAction,
    BaseUploadAction,
)
from synapse_sdk.plugins.actions.dataset import DatasetAction
from synapse_sdk.plugins.enums import LogLevel, MetricsCategory, PluginCategory, RunMethod
from synapse_sdk.plugins.executors.local import LocalExecutor
from synapse_sdk.plugins import types


class FreeResultAction(BaseAction):
    """Returns its `value` param: a result without a result model."""

    def execute(self):
        return self.params.value


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
