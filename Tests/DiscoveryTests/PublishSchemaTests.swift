import Discovery
import Foundation
import PythonSource
import Testing

/// What publish sends per action, `hyperparameters.train_ui_schemas` from the params model and
/// `result_schema` from the result model, must be what upstream sent when it published the
/// pristine plugins (`publish-config/<code>.config.json`).
@Suite(.enabled(if: DiscoveryTestSupport.hasUpstream))
struct PublishSchemaTests {
  /// Actions whose schemas upstream left out because importing their module failed, which
  /// discovery does not model.
  ///
  /// yolov8's `plugin/deployment.py` imports `plugin.inference`, which imports `fastapi`, and the
  /// fixtures were made on a machine without fastapi (upstream-synapse-sdk.md, first lines). So
  /// publish's `get_action_class('deployment')` raised, and `get_action_params_model` and
  /// `get_action_result_model` swallow that error into "no model": no schema was sent, and no
  /// `input_type`/`output_type` either. Nothing else explains it: `BaseDeploymentAction` is a
  /// plain `BaseAction[P]` (its class body sets neither `params_model` nor `result_model`, and
  /// it does not override `__init_subclass__`), the plugin class sets
  /// `params_model = DeploymentParams` explicitly, and `DeploymentParams` has two fields; with
  /// fastapi installed upstream sends them. Discovery answers as if every import succeeded,
  /// because which packages the publishing machine has cannot be read from the plugin, so it
  /// sends the schema here. (`inference`, at the end of the same import chain, has neither
  /// model, so it agrees either way.)
  static let importFailures: [String: Set<String>] = ["synapse-yolov8-plugin": ["deployment"]]

  /// How many schemas each plugin's comparison checks, so an empty comparison cannot pass.
  static let comparedSchemas: [String: Int] = [
    "synapse-yolov8-plugin": 6, "synapse-s3-upload-plugin": 2, "synapse-coco-export-plugin": 0,
    "synapse-hello-custom-plugin": 0,
  ]

  /// The `actions` of the `config` upstream sent when publishing `plugin`.
  static func published(_ plugin: String) throws -> OrderedValue {
    let upstream = try #require(DiscoveryTestSupport.upstream)
    let config = MiniYAML.parse(
      try String(contentsOfFile: "\(upstream)/pristine/\(plugin)/config.yaml", encoding: .utf8))
    guard case .string(let code)? = config["code"] else {
      Issue.record("\(plugin): config.yaml has no code")
      return .null
    }
    let text = try String(contentsOfFile: "\(upstream)/publish-config/\(code).config.json", encoding: .utf8)
    return try #require(try OrderedJSON.parse(text)["actions"])
  }

  @Test(arguments: PristinePluginTests.expected.keys.sorted())
  func schemasMatchUpstreamPublish(plugin: String) throws {
    let result = try PristinePluginTests.discover(plugin)
    let sent = try Self.published(plugin)
    var compared = 0
    for action in result.actions {
      let entry = try #require(sent[action.name], "\(action.name) missing from the published config")
      let params = action.params.flatMap(FormKit.publishItems).map(OrderedValue.list)
      let results = action.resultModel.flatMap(FormKit.publishItems).map(OrderedValue.list)
      if Self.importFailures[plugin]?.contains(action.name) == true {
        #expect(entry["hyperparameters"] == nil && entry["result_schema"] == nil)
        #expect(action.params?.allFields.map(\.name) == ["num_cpus", "num_gpus"])
        #expect(results == nil)
        continue
      }
      Self.expectSame(params, entry["hyperparameters"]?["train_ui_schemas"], "\(plugin) \(action.name) params")
      Self.expectSame(results, entry["result_schema"], "\(plugin) \(action.name) result")
      compared += [params, results].compactMap { $0 }.count
    }
    #expect(compared == Self.comparedSchemas[plugin])
    // Configured entrypoints that are not actions (`plugin.main.run`, an exporter class) get no
    // schema upstream either.
    guard case .dict(let entries) = sent else { return }
    for entry in entries where !result.actions.contains(where: { $0.name == entry.key }) {
      #expect(entry.value["hyperparameters"] == nil && entry.value["result_schema"] == nil, "\(entry.key)")
    }
  }

  /// The upstream examples the brief names: SDK fields first for a model deriving from an SDK
  /// model, and an SDK model's fields when the action names it.
  @Test func sdkFieldsAreIncluded() throws {
    let yolo = try PristinePluginTests.discover("synapse-yolov8-plugin")
    let train = try #require(yolo.actions.first { $0.name == "train" }?.params)
    #expect(
      train.allFields.map(\.name) == [
        "dataset", "splits", "checkpoint", "is_tune", "hyperparameters", "epochs", "batch_size", "learning_rate",
      ])
    #expect(train.fields.map(\.name) == ["epochs", "batch_size", "learning_rate"])
    let upload = try #require(try PristinePluginTests.discover("synapse-s3-upload-plugin").actions.first)
    #expect(upload.params?.isExternal == true && upload.params?.fields.isEmpty == true)
    #expect(upload.params?.allFields.count == 20)
    #expect(upload.resultModel?.qualifiedName == "synapse_sdk.plugins.actions.upload.action.UploadResult")
  }

  /// Records an issue showing both values as JSON when they differ (key order included).
  static func expectSame(
    _ ours: OrderedValue?, _ theirs: OrderedValue?, _ label: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    guard ours != theirs else { return }
    let mine = ours.map(DiscoveryTestSupport.json) ?? "nil"
    let other = theirs.map(DiscoveryTestSupport.json) ?? "nil"
    Issue.record("\(label) differs\n  swift:    \(mine)\n  expected: \(other)", sourceLocation: sourceLocation)
  }
}
