/// What discovery knows about `synapse_sdk` (2026.2.17) without importing it.
///
/// | Action base | Parent | Abstract methods left | Class attributes set |
/// |---|---|---|---|
/// | `BaseAction` | — | `execute` | `action_name`, `input_type`, `output_type`, `category` = None |
/// | `BaseTrainAction` | `BaseAction` | — (defines `execute`) | |
/// | `BaseInferenceAction` | `BaseAction` | `execute` | |
/// | `BaseExportAction` | `BaseAction` | `execute` | |
/// | `ExportAction` | `BaseExportAction` | — | `action_name='export'`, params `ExportParams` |
/// | `DefaultExportAction` | `BaseExportAction` | `execute` | `action_name='export'`, params `ExportParams` |
/// | `BaseUploadAction` | `BaseAction` | — | result `UploadResult` |
/// | `DefaultUploadAction` | `BaseUploadAction` | — | |
/// | `BaseDeploymentAction` | `BaseAction` | `execute` | |
/// | `BaseServeDeployment` | `BaseAction` | `_get_model`, `infer` | |
/// | `BaseAutoLabelAction` | `BaseAction` | `handle_input`, `handle_output` | |
/// | `DatasetAction` | `BaseAction` | — | `output_type=YOLODataset`, params `DatasetParams`, result `DatasetResult` |
/// | `ToTaskAction` | `BaseAction` | — | `action_name='to_task'`, params `ToTaskParams`, result `ToTaskResult` |
///
/// A class counts as abstract, and is skipped as upstream's `inspect.isabstract` would, when a
/// method declared abstract anywhere in its MRO is not overridden by something concrete before
/// that declaration.
///
/// `BaseAction` sets `result_model = NoResult`, which upstream reads as no result model, so it is
/// not listed. The fields of the params and result models named here are in
/// `SynapseCatalog+Models.swift`.
enum SynapseCatalog {
  /// One SDK action base class.
  struct ActionBase {
    var parents: [String]
    var abstractMethods: [String] = []
    var concreteMethods: [String] = []
    var attributes: [String: AttributeValue] = [:]
  }

  /// A class attribute value set by an SDK base.
  enum AttributeValue: Equatable {
    case none
    case string(String)
    /// A DataType class, by its `name`.
    case dataType(String)
    /// An SDK pydantic model class (`params_model`, `result_model`), by simple name.
    case model(String)
  }

  static let rootActionBase = "BaseAction"

  static let actionBases: [String: ActionBase] = [
    "BaseAction": ActionBase(
      parents: [], abstractMethods: ["execute"],
      attributes: ["action_name": .none, "input_type": .none, "output_type": .none, "category": .none]),
    "BaseTrainAction": ActionBase(parents: ["BaseAction"], concreteMethods: ["execute"]),
    "BaseInferenceAction": ActionBase(parents: ["BaseAction"]),
    "BaseExportAction": ActionBase(parents: ["BaseAction"]),
    "ExportAction": ActionBase(
      parents: ["BaseExportAction"], concreteMethods: ["execute"],
      attributes: ["action_name": .string("export"), "params_model": .model("ExportParams")]),
    "DefaultExportAction": ActionBase(
      parents: ["BaseExportAction"],
      attributes: ["action_name": .string("export"), "params_model": .model("ExportParams")]),
    "BaseUploadAction": ActionBase(
      parents: ["BaseAction"], concreteMethods: ["execute"], attributes: ["result_model": .model("UploadResult")]),
    "DefaultUploadAction": ActionBase(parents: ["BaseUploadAction"]),
    "BaseDeploymentAction": ActionBase(parents: ["BaseAction"]),
    "BaseServeDeployment": ActionBase(
      parents: ["BaseAction"], abstractMethods: ["_get_model", "infer"], concreteMethods: ["execute"]),
    "BaseAutoLabelAction": ActionBase(
      parents: ["BaseAction"], abstractMethods: ["handle_input", "handle_output"], concreteMethods: ["execute"]),
    "DatasetAction": ActionBase(
      parents: ["BaseAction"], concreteMethods: ["execute"],
      attributes: [
        "input_type": .none, "output_type": .dataType("yolo_dataset"), "params_model": .model("DatasetParams"),
        "result_model": .model("DatasetResult"),
      ]),
    "ToTaskAction": ActionBase(
      parents: ["BaseAction"], concreteMethods: ["execute"],
      attributes: [
        "action_name": .string("to_task"), "params_model": .model("ToTaskParams"),
        "result_model": .model("ToTaskResult"),
      ]),
  ]

  /// `synapse_sdk.plugins.types` DataType classes: parent and `name`.
  static let dataTypes: [String: (parent: String?, name: String)] = [
    "DataType": (nil, "data"),
    "Dataset": ("DataType", "dataset"),
    "DMDataset": ("Dataset", "dm_dataset"),
    "DMv1Dataset": ("DMDataset", "dm_v1_dataset"),
    "DMv2Dataset": ("DMDataset", "dm_v2_dataset"),
    "YOLODataset": ("Dataset", "yolo_dataset"),
    "COCODataset": ("Dataset", "coco_dataset"),
    "PascalVOCDataset": ("Dataset", "pascal_voc_dataset"),
    "Model": ("DataType", "model"),
    "ModelWeights": ("Model", "model_weights"),
    "ONNXModel": ("Model", "onnx_model"),
    "TensorRTModel": ("Model", "tensorrt_model"),
    "Result": ("DataType", "result"),
    "TestResults": ("Result", "test_results"),
    "InferenceResults": ("Result", "inference_results"),
  ]

  /// `RunMethod` members and their string values.
  static let runMethods: [String: String] = ["JOB": "job", "TASK": "task", "SERVE": "serve", "RESTAPI": "restapi"]

  /// SDK pydantic models whose fields are all among the hyperparameter exclusions, so a plugin
  /// model deriving from them loses nothing in `hyperparameters.train_ui_schemas`.
  static let fullyExcludedParamsBases: Set<String> = ["BaseTrainParams"]

  /// pydantic's constrained aliases: the plain type and the constraint they add.
  static let constrainedTypes: [String: (kind: ParamsField.Kind, constraint: (String, Int)?)] = [
    "StrictInt": (.integer, nil), "StrictFloat": (.float, nil), "StrictStr": (.string, nil),
    "StrictBool": (.boolean, nil), "FiniteFloat": (.float, nil),
    "PositiveInt": (.integer, ("gt", 0)), "NegativeInt": (.integer, ("lt", 0)),
    "NonNegativeInt": (.integer, ("ge", 0)), "NonPositiveInt": (.integer, ("le", 0)),
    "PositiveFloat": (.float, ("gt", 0)), "NegativeFloat": (.float, ("lt", 0)),
    "NonNegativeFloat": (.float, ("ge", 0)), "NonPositiveFloat": (.float, ("le", 0)),
  ]

  /// Names of Python builtins a plugin may use without importing them.
  static let builtins: Set<String> = [
    "object", "int", "float", "str", "bool", "list", "dict", "tuple", "set", "frozenset", "bytes", "type",
    "complex", "bytearray", "Exception", "BaseException", "ValueError", "TypeError", "RuntimeError", "property",
    "classmethod", "staticmethod", "range", "len", "print", "super", "isinstance", "NotImplemented",
  ]

  /// Whether `name` (a simple class name) is a known SDK action base.
  static func isActionBase(_ name: String) -> Bool { actionBases[name] != nil }
}
