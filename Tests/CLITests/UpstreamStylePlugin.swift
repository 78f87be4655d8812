import TestSupport

/// Plugins laid out the way upstream's `plugin create` lays out each of its eight categories
/// (upstream-synapse-sdk §2.1): the same files, the same config.yaml layout, the same class
/// shapes and SDK imports, including the entrypoints that name a plain class or a function.
/// The code is written here from that description; only the shapes are upstream's.
enum UpstreamStylePlugin: String, CaseIterable, Sendable, CustomStringConvertible {
  case neuralNet = "neural_net"
  case export
  case upload
  case smartTool = "smart_tool"
  case dataValidation = "data_validation"
  case preAnnotation = "pre_annotation"
  case postAnnotation = "post_annotation"
  case custom

  var description: String { rawValue }

  var code: String { "tpl-" + rawValue.replacingOccurrences(of: "_", with: "-") }

  /// `(action, entrypoint, method)` as the generated config lists them.
  var actions: [(name: String, entrypoint: String, method: String)] {
    switch self {
    case .neuralNet:
      return [
        ("convert", "plugin.convert.ConvertAction", "job"),
        ("deployment", "plugin.deployment.InferenceDeployment", "job"),
        ("download", "plugin.download.DownloadAction", "job"),
        ("inference", "plugin.inference.InferenceDeployment", "serve"),
        ("test", "plugin.test.TestAction", "job"),
        ("train", "plugin.train.TrainAction", "job"),
      ]
    case .export: return [("export", "plugin.export.Exporter", "job")]
    case .upload: return [("upload", "plugin.upload.UploadAction", "job")]
    case .smartTool: return [("auto_label", "plugin.auto_label.AutoLabelAction", "task")]
    case .dataValidation: return [("validate", "plugin.validate.Validator", "task")]
    case .preAnnotation:
      return [
        ("pre_annotate", "plugin.pre_annotate.PreAnnotator", "task"), ("to_task", "plugin.to_task.ToTask", "job"),
      ]
    case .postAnnotation: return [("post_annotate", "plugin.post_annotate.PostAnnotator", "task")]
    case .custom: return [("main", "plugin.main.run", "task")]
    }
  }

  /// Entrypoints that name a plain class or a function: the ones validate warns about.
  var undispatchable: [String] {
    switch self {
    case .dataValidation: return ["validate"]
    case .preAnnotation: return ["pre_annotate"]
    case .postAnnotation: return ["post_annotate"]
    case .custom: return ["main"]
    default: return []
    }
  }

  var name: String { "Template " + rawValue.replacingOccurrences(of: "_", with: " ").capitalized }

  /// config.yaml: the base template's layout (a blank line before `actions:`), or for
  /// neural_net the layout of PyYAML's re-dump (no blank line, list items not indented).
  var config: String {
    var text = """
      name: \(name)
      code: \(code)
      version: 0.1.0
      variant: null
      category: \(rawValue)
      description: \(name) plugin
      requires:
        sdk: '>=2026.1.0'
        python: '>=3.10,<3.13'

      """
    if self == .neuralNet { text += "  cuda: '>=11.8'\n" }
    text += "dependencies: {}\ntags: []\n"
    switch self {
    case .neuralNet: text += "data_type: image\ntasks:\n- image.object_detection\n- image.segmentation\n"
    case .smartTool: text += "annotation_category: image\nannotation_type: bbox\nsmart_tool_type: interactive\n"
    case .upload: text += "supported_data_types:\n  - image\n  - video\n"
    default: break
    }
    if self != .neuralNet { text += "\n" }
    text += "actions:\n"
    for action in actions {
      text += "  \(action.name):\n    entrypoint: \(action.entrypoint)\n    method: \(action.method)\n"
    }
    return text
  }

  /// The plugin's Python modules, by path.
  var modules: [String: String] {
    switch self {
    case .neuralNet:
      return [
        "plugin/convert.py": """
        from pydantic import BaseModel, Field
        from synapse_sdk.plugins import BaseAction
        from synapse_sdk.plugins.types import Dataset, DMv2Dataset


        class ConvertParams(BaseModel):
            path: str = Field(description="Dataset to convert")
            target_format: str = Field(description="Format to write")


        class ConvertResult(BaseModel):
            data_path: str


        class ConvertAction(BaseAction[ConvertParams]):
            action_name = "convert"
            input_type = DMv2Dataset
            output_type = Dataset
            result_model = ConvertResult

            def execute(self):
                return ConvertResult(data_path=self.params.path)

        """,
        "plugin/deployment.py": """
        from pydantic import BaseModel
        from synapse_sdk.plugins import BaseDeploymentAction

        from plugin.inference import InferenceDeployment as Served


        class DeploymentParams(BaseModel):
            num_cpus: int = 4
            num_gpus: int = 0


        class InferenceDeployment(BaseDeploymentAction[DeploymentParams]):
            action_name = "deployment"
            deployment = Served

        """,
        "plugin/download.py": """
        from pydantic import BaseModel, Field
        from synapse_sdk.plugins import BaseAction
        from synapse_sdk.plugins.types import DMv2Dataset


        class DownloadParams(BaseModel):
            dataset: int = Field(description="Data collection to fetch")


        class DownloadAction(BaseAction[DownloadParams]):
            action_name = "download"
            output_type = DMv2Dataset

            def execute(self):
                return {"path": f"/tmp/datasets/{self.params.dataset}"}

        """,
        "plugin/inference.py": """
        from fastapi import FastAPI
        from synapse_sdk.plugins import BaseServeDeployment

        app = FastAPI()


        class InferenceDeployment(BaseServeDeployment):
            action_name = "inference"

            async def _get_model(self, model_info):
                return None

            async def infer(self, *args, **kwargs):
                return {"predictions": []}

        """,
        "plugin/test.py": """
        import platform

        from pydantic import BaseModel
        from synapse_sdk.plugins import BaseAction
        from synapse_sdk.plugins.types import TestResults


        class TestParams(BaseModel):
            verbose: bool = False


        class TestAction(BaseAction[TestParams]):
            action_name = "test"
            output_type = TestResults

            def execute(self):
                return {"python": platform.python_version()}

        """,
        "plugin/train.py": """
        from pydantic import BaseModel, Field
        from synapse_sdk.plugins.actions.train import BaseTrainAction, BaseTrainParams
        from synapse_sdk.plugins.types import ModelWeights


        class TrainParams(BaseTrainParams):
            epochs: int = Field(default=10, ge=1, le=1000, description="Number of training epochs")
            batch_size: int = Field(default=32, ge=1, le=512, description="Batch size")


        class TrainResult(BaseModel):
            weights_path: str = Field(description="Where the weights went")


        class TrainAction(BaseTrainAction[TrainParams]):
            action_name = "train"
            target_format = None
            input_type = None
            output_type = ModelWeights

            def execute(self, data_path, checkpoint):
                raise NotImplementedError("write the training loop")

        """,
      ]
    case .export:
      return [
        "plugin/export.py": """
        from synapse_sdk.plugins.actions.export import BaseExporter


        class Exporter(BaseExporter):
            def before_convert(self, data):
                return data

            def convert_data(self, data):
                return {"items": data}

            def after_convert(self, data):
                return data

        """
      ]
    case .upload:
      return [
        "plugin/upload.py": """
        from pydantic import BaseModel, Field
        from synapse_sdk.plugins.actions.upload import DefaultUploadAction


        class UploadParams(BaseModel):
            name: str = Field(description="Upload name")
            path: str | None = None


        class UploadAction(DefaultUploadAction[UploadParams]):
            action_name = "upload"

        """
      ]
    case .smartTool:
      return [
        "plugin/auto_label.py": """
        from pydantic import BaseModel
        from synapse_sdk.plugins.actions.auto_label import BaseAutoLabelAction


        class AutoLabelActionParams(BaseModel):
            threshold: float = 0.5


        class AutoLabelAction(BaseAutoLabelAction[AutoLabelActionParams]):
            action_name = "auto_label"

            def handle_input(self, data):
                return data

            def handle_output(self, data):
                return {"annotations": data}

        """
      ]
    case .dataValidation:
      return [
        "plugin/validate.py": """
        from typing import Any


        class Validator:
            \"\"\"Checks data before annotation.\"\"\"

            def __init__(self, config: dict[str, Any] | None = None):
                self.config = config or {}

            def validate(self, data: dict[str, Any]) -> dict[str, Any]:
                return {"valid": True, "errors": []}

        """
      ]
    case .preAnnotation:
      return [
        "plugin/pre_annotate.py": """
        class PreAnnotator:
            \"\"\"Writes the first annotations.\"\"\"

            def annotate(self, data):
                return {"annotations": []}

        """,
        "plugin/to_task.py": """
        from synapse_sdk.plugins.actions.to_task import ToTaskAction


        class ToTask(ToTaskAction):
            action_name = "to_task"

        """,
      ]
    case .postAnnotation:
      return [
        "plugin/post_annotate.py": """
        class PostAnnotator:
            \"\"\"Processes annotations after labelling.\"\"\"

            def process(self, annotations):
                return annotations

        """
      ]
    case .custom:
      return [
        "plugin/main.py": """
        def run(**kwargs):
            \"\"\"Entry point of the plugin.\"\"\"
            return {"status": "ok", "received": kwargs}

        """
      ]
    }
  }

  /// Writes the whole plugin under `relative` in `dir` and returns its path.
  func write(in dir: TemporaryDirectory, at relative: String) -> String {
    let p = relative + "/"
    dir.write(p + "config.yaml", config)
    dir.write(p + "README.md", "# \(name)\n\n\(name) plugin\n\n## Category\n\n\(rawValue)\n")
    dir.write(p + "requirements.txt", "synapse-sdk\n")
    dir.write(
      p + "pyproject.toml",
      "[project]\nname = \"\(code)\"\nversion = \"0.1.0\"\nrequires-python = \">=3.10\"\ndependencies = [\"synapse-sdk\"]\n"
    )
    dir.write(p + ".gitignore", "# Python\n__pycache__/\n*.py[cod]\n.venv/\ndist/\nbuild/\n*.log\n")
    dir.write(p + ".synapseignore", "# Left out of the archive\n.git\n.venv\n__pycache__\n*.pyc\ndist\nbuild\n")
    dir.write(p + "plugin/__init__.py", "\"\"\"\(name) plugin.\"\"\"\n")
    for (path, text) in modules { dir.write(p + path, text) }
    return dir.url(relative)
  }
}
