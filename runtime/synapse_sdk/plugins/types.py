"""Semantic data types for an action's ``input_type`` / ``output_type``.

They are marker classes, never instantiated: tools read ``.name`` (the string written to
config.yaml as ``input_type: yolo_dataset``). Subclassing expresses "is a kind of", so a
custom ``class MyDataset(Dataset)`` that does not override ``name`` reports ``dataset``.
"""

from __future__ import annotations


class DataType:
    name = "data"
    format: str | None = None
    description = "Any data"


class Dataset(DataType):
    name = "dataset"
    description = "A dataset"


class DMDataset(Dataset):
    name = "dm_dataset"
    format = "dm"
    description = "Dataset in DataMaker format"


class DMv1Dataset(DMDataset):
    name = "dm_v1_dataset"
    format = "dm_v1"
    description = "Dataset in DataMaker v1 format"


class DMv2Dataset(DMDataset):
    name = "dm_v2_dataset"
    format = "dm_v2"
    description = "Dataset in DataMaker v2 format"


class YOLODataset(Dataset):
    name = "yolo_dataset"
    format = "yolo"
    description = "Dataset in YOLO format"


class COCODataset(Dataset):
    name = "coco_dataset"
    format = "coco"
    description = "Dataset in COCO format"


class PascalVOCDataset(Dataset):
    name = "pascal_voc_dataset"
    format = "pascal"
    description = "Dataset in Pascal VOC format"


class Model(DataType):
    name = "model"
    description = "A model"


class ModelWeights(Model):
    name = "model_weights"
    format = "weights"
    description = "Trained model weights"


class ONNXModel(Model):
    name = "onnx_model"
    format = "onnx"
    description = "Model in ONNX format"


class TensorRTModel(Model):
    name = "tensorrt_model"
    format = "tensorrt"
    description = "Model as a TensorRT engine"


class Result(DataType):
    name = "result"
    description = "A result"


class TestResults(Result):
    __test__ = False  # not a pytest test class, despite the name
    name = "test_results"
    format = "metrics"
    description = "Evaluation metrics"


class InferenceResults(Result):
    name = "inference_results"
    format = "predictions"
    description = "Model predictions"


__all__ = [
    "DataType",
    "Dataset",
    "DMDataset",
    "DMv1Dataset",
    "DMv2Dataset",
    "YOLODataset",
    "COCODataset",
    "PascalVOCDataset",
    "Model",
    "ModelWeights",
    "ONNXModel",
    "TensorRTModel",
    "Result",
    "TestResults",
    "InferenceResults",
]
