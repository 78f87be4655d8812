@testable import Discovery
import Foundation
import PythonSource
import TestSupport
import Testing

/// Result models, SDK models from the catalog, and `FormKit.publishItems`.
@Suite struct PublishItemsTests {
  typealias Support = DiscoveryTestSupport

  static func names(_ model: ParamsModel?) -> [String]? {
    model.flatMap(FormKit.publishItems)?.compactMap { item in
      if case .string(let name)? = item["name"] { return name }
      return nil
    }
  }

  @Test func resultModelThroughInheritance() throws {
    let result = Support.discover([
      (
        "plugin/base.py",
        """
        from pydantic import BaseModel, Field
        from synapse_sdk.plugins import BaseAction

        class Result(BaseModel):
            path: str = Field(description='Where')
            score: float = 0.5

        class PluginBase(BaseAction):
            result_model = Result
        """
      ),
      (
        "plugin/actions.py",
        """
        from synapse_sdk.plugins import BaseUploadAction
        from synapse_sdk.plugins.action import NoResult
        from synapse_sdk.plugins.actions.dataset import DatasetAction
        from .base import PluginBase, Result

        class Plain:
            pass

        class InheritsAction(PluginBase):
            def execute(self): ...

        class NoneAction(PluginBase):
            result_model = None
            def execute(self): ...

        class SentinelAction(PluginBase):
            result_model = NoResult
            def execute(self): ...

        class UploadAction(BaseUploadAction):
            pass

        class OwnUploadAction(BaseUploadAction):
            result_model: type = Result

        class AnnotatedOnlyAction(BaseUploadAction):
            result_model: type

        class ConvertAction(DatasetAction):
            action_name = 'convert'

        class DynamicAction(PluginBase):
            result_model = make_result()
            def execute(self): ...

        class MissingAction(PluginBase):
            result_model = Missing
            def execute(self): ...

        class PlainAction(PluginBase):
            result_model = Plain
            def execute(self): ...
        """
      ),
    ])
    let actions = Dictionary(uniqueKeysWithValues: result.actions.map { ($0.name, $0) })
    #expect(
      result.actions.map(\.name) == [
        "inherits", "none", "sentinel", "upload", "ownupload", "annotatedonly", "convert", "dynamic", "missing",
        "plain",
      ])

    let inherited = try #require(actions["inherits"]?.resultModel)
    #expect(inherited.qualifiedName == "plugin.base.Result")
    #expect(
      FormKit.publishItems(for: inherited).map { Support.json(.list($0)) } == """
        [{"$formkit": "text", "name": "path", "label": "Path", "help": "Where", "required": true}, \
        {"$formkit": "number", "name": "score", "label": "Score", "value": 0.5, "placeholder": 0.5, "number": true}]
        """)
    #expect(actions["none"]?.resultModel == nil)
    #expect(actions["sentinel"]?.resultModel == nil)

    // An SDK base's result model, with the catalog's fields; a plugin class's own wins over it,
    // and an annotation without a value does not hide it.
    let upload = try #require(actions["upload"]?.resultModel)
    #expect(upload.isExternal && upload.fields.isEmpty)
    #expect(upload.qualifiedName == "synapse_sdk.plugins.actions.upload.action.UploadResult")
    #expect(
      Self.names(upload) == [
        "success", "steps_executed", "steps_total", "uploaded_files", "data_units", "partial_failure",
        "lost_files_count", "lost_files",
      ])
    #expect(actions["ownupload"]?.resultModel?.qualifiedName == "plugin.base.Result")
    #expect(actions["annotatedonly"]?.resultModel?.name == "UploadResult")
    #expect(
      Self.names(actions["convert"]?.resultModel)
        == ["path", "format", "is_categorized", "config_path", "count", "source_path"])
    #expect(Self.names(actions["convert"]?.params)?.first == "operation")

    let messages = result.diagnostics.map { "\($0.file):\($0.line):\($0.column) \($0.message)" }
    #expect(
      messages == [
        "plugin/actions.py:33:5 class DynamicAction: result_model is too dynamic to read (make_result(...))",
        "plugin/actions.py:37:5 class MissingAction: result model Missing cannot be resolved "
          + "(Missing is not defined or imported in plugin/actions.py)",
        "plugin/actions.py:41:5 class PlainAction: result_model Plain does not derive from pydantic's BaseModel",
      ])
    for name in ["dynamic", "missing", "plain"] { #expect(actions[name]?.resultModel == nil) }
  }

  @Test func sdkModelNamedAsParamsModel() throws {
    let result = Support.discover([
      (
        "plugin/upload.py",
        """
        from synapse_sdk.plugins.actions.upload import DefaultUploadAction, UploadParams
        from synapse_sdk.plugins.actions.export import ExportAction

        class UploadAction(DefaultUploadAction[UploadParams]):
            action_name = 'upload'
            params_model = UploadParams

        class GenericOnlyAction(DefaultUploadAction[UploadParams]):
            pass

        class Exporter(ExportAction):
            pass
        """
      )
    ])
    #expect(result.actions.map(\.name) == ["upload", "genericonly", "export"])
    let upload = try #require(result.actions.first?.params)
    #expect(upload.isExternal && upload.fields.isEmpty)
    #expect(upload.qualifiedName == "synapse_sdk.plugins.actions.upload.UploadParams")
    // The update-config form is unchanged: upstream's sync skips UploadParams.
    #expect(FormKit.uiSchema(for: upload, actionName: "upload") == nil)
    #expect(FormKit.items(for: upload).isEmpty)
    let published = try #require(FormKit.publishItems(for: upload))
    #expect(published.count == 20)
    #expect(
      Support.json(published[0]) == #"{"$formkit": "text", "name": "name", "label": "Name", "required": true}"#)
    #expect(Self.names(result.actions[1].params) == Self.names(upload))

    let export = try #require(result.actions.last?.params)
    #expect(export.qualifiedName == "synapse_sdk.plugins.actions.export.models.ExportParams")
    let items = try #require(FormKit.publishItems(for: export))
    let threshold = try #require(items.first { $0["name"] == .string("async_job_size_threshold") })
    #expect(threshold["label"] == .string("[Deprecated] 위임 전환 임계값(건수)"))
    #expect(threshold["$formkit"] == .string("number"))
  }

  @Test func sdkFieldsKeepPydanticOrder() throws {
    let result = Support.discover([
      (
        "plugin/train.py",
        """
        from pydantic import BaseModel, Field
        from synapse_sdk.plugins.actions.train import BaseTrainAction, BaseTrainParams

        class Params(BaseTrainParams):
            epochs: int = 3
            dataset: int = Field(5, description='Redefined')

        class Empty(BaseModel):
            pass

        class TrainAction(BaseTrainAction[Params]):
            pass

        class TestAction(BaseTrainAction[Empty]):
            pass
        """
      )
    ])
    let params = try #require(result.actions.first?.params)
    #expect(params.fields.map(\.name) == ["epochs", "dataset"])
    #expect(
      params.allFields.map(\.name) == ["dataset", "splits", "checkpoint", "is_tune", "hyperparameters", "epochs"])
    #expect(params.allFields.first?.description == "Redefined")
    #expect(params.externalBases == ["BaseTrainParams"])
    // The sync form still sees the plugin's fields only (and drops `dataset` by name).
    #expect(FormKit.uiSchema(for: params, actionName: "train")?.count == 1)
    #expect(FormKit.items(for: params).count == 2)
    #expect(FormKit.publishItems(for: params)?.count == 6)
    // No fields: upstream sends no schema.
    #expect(result.actions.last?.params.flatMap(FormKit.publishItems) == nil)
  }

  @Test func catalogReadsCleanly() {
    let (models, diagnostics) = SynapseCatalog.readModels()
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    #expect(
      Set(models.keys) == [
        "BaseTrainParams", "AssetConfig", "UploadParams", "UploadResult", "ExportParams", "DatasetParams",
        "DatasetResult", "ToTaskParams", "ToTaskResult", "AutoLabelParams", "AutoLabelResult",
      ])
    for base in SynapseCatalog.actionBases.values {
      for case .model(let name) in base.attributes.values { #expect(models[name] != nil, "\(name)") }
    }
    #expect(models["UploadParams"]?.jsonSchemaExtra?["exclude_from_ui"] == .bool(true))
    #expect(models["ToTaskParams"]?.allFields.first { $0.name == "method" }?.defaultValue == .value(.string("file")))
  }

  // MARK: - Against real pydantic

  /// Plugin models deriving from SDK models in every order pydantic distinguishes.
  static let pluginModels = """
    from pydantic import BaseModel, Field
    from synapse_sdk.plugins.actions.train.action import BaseTrainParams
    from synapse_sdk.plugins.actions.auto_label.action import AutoLabelParams
    from synapse_sdk.plugins.actions.upload.models import UploadParams

    class Mixin(BaseModel):
        seed: int = Field(0, description='Seed')
        dataset: int = Field(7, description='From the mixin')

    class Redefines(BaseTrainParams):
        epochs: int = Field(3, ge=1)
        dataset: int = Field(5, description='Redefined')

    class SDKFirst(BaseTrainParams, Mixin):
        lr: float = 1e-4

    class MixinFirst(Mixin, BaseTrainParams):
        lr: float = 0.5

    class Smart(AutoLabelParams):
        confidence_threshold: float = Field(default=0.5, ge=0.0, le=1.0)

    class MoreUpload(UploadParams):
        extra_flag: bool = False
    """

  static let pluginModelNames = ["Redefines", "SDKFirst", "MixinFirst", "Smart", "MoreUpload"]

  /// The catalog's sources written out as the SDK package they restate, so Python can import
  /// them under their real module paths.
  static func writeCatalogPackage(into directory: TemporaryDirectory) {
    for source in SynapseCatalog.modelSources {
      let parts = source.module.split(separator: ".").map(String.init)
      for depth in 1..<parts.count {
        let package = parts[..<depth].joined(separator: "/") + "/__init__.py"
        if !FileManager.default.fileExists(atPath: directory.url(package)) { directory.write(package, "") }
      }
      directory.write(parts.joined(separator: "/") + ".py", source.text)
    }
  }

  /// The catalog read statically and the same source imported by pydantic give the same items,
  /// and so do plugin models inheriting from catalog models (field order along the MRO,
  /// redefinitions, mixins before and after the SDK base).
  @Test(.enabled(if: PythonRunner.hasPydantic))
  func catalogAndInheritanceMatchPydantic() throws {
    let directory = TemporaryDirectory("publish-items")
    Self.writeCatalogPackage(into: directory)
    let catalogNames = SynapseCatalog.models.keys.sorted()
    let reexports = SynapseCatalog.modelSources.map { source in
      let names = catalogNames.filter { SynapseCatalog.models[$0]?.qualifiedName == source.module + "." + $0 }
      return names.isEmpty ? "" : "from \(source.module) import \(names.joined(separator: ", "))\n"
    }.joined()
    let modelsPath = directory.write("models.py", Self.pluginModels + "\n" + reexports)

    let classes = Self.pluginModelNames.map { "class \($0)Action(BaseAction[\($0)]):\n    def execute(self): ...\n" }
    let actions = "from synapse_sdk.plugins import BaseAction\nfrom .models import *\n" + classes.joined()
    let result = Support.discover([("plugin/models.py", Self.pluginModels), ("plugin/actions.py", actions)])
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    var ours: [String: ParamsModel] = SynapseCatalog.models
    for action in result.actions {
      if let params = action.params { ours[params.name] = params }
    }

    let names = catalogNames + Self.pluginModelNames
    let script = "import sys\nsys.path.insert(0, \(Support.quote(directory.path)))\n" + FormKitDifferentialTests.oracle
    let lines = try PythonRunner.run(script, arguments: [modelsPath] + names).split(separator: "\n")
    #expect(lines.count == names.count)
    for (name, line) in zip(names, lines) {
      let model = try #require(ours[name], "\(name) not discovered")
      let expected = try #require(try OrderedJSON.parse(String(line))["items"])
      PublishSchemaTests.expectSame(.list(FormKit.publishItems(for: model) ?? []), expected, name)
    }
  }

  /// When the real SDK is importable (it needs Python 3.12 and its dependencies), the catalog
  /// must match it: run after upgrading the SDK the catalog restates.
  @Test(.enabled(if: PythonRunner.canImport(["synapse_sdk.plugins.utils"])))
  func catalogMatchesInstalledSDK() throws {
    let script = """
      import importlib, json, sys
      from synapse_sdk.plugins.utils import pydantic_to_ui_schema
      for path in sys.argv[1:]:
          module, _, name = path.rpartition('.')
          print(json.dumps(pydantic_to_ui_schema(getattr(importlib.import_module(module), name)), ensure_ascii=False))
      """
    let models = SynapseCatalog.models.values.sorted { $0.name < $1.name }
    let lines = try PythonRunner.run(script, arguments: models.map(\.qualifiedName)).split(separator: "\n")
    #expect(lines.count == models.count)
    for (model, line) in zip(models, lines) {
      let expected = try OrderedJSON.parse(String(line))
      PublishSchemaTests.expectSame(.list(FormKit.publishItems(for: model) ?? []), expected, model.qualifiedName)
    }
  }
}
