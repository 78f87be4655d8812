import Discovery
import Foundation
import PythonSource
import Testing

/// The upstream example plugins must give what upstream's sync wrote into their configs.
@Suite(.enabled(if: DiscoveryTestSupport.hasUpstream))
struct PristinePluginTests {
  /// Actions discovery must find in each pristine plugin. The other entries of the synced
  /// configs (`export: plugin.export.Exporter`, `main: plugin.main.run`) come from the templates
  /// and point at things that are not `BaseAction` subclasses, which upstream does not discover.
  static let expected: [String: [String]] = [
    "synapse-yolov8-plugin": ["convert", "deployment", "download", "inference", "test", "train"],
    "synapse-s3-upload-plugin": ["upload"],
    "synapse-coco-export-plugin": [],
    "synapse-hello-custom-plugin": [],
  ]

  static func syncedActions(_ plugin: String) throws -> OrderedValue {
    let upstream = try #require(DiscoveryTestSupport.upstream)
    let text = try String(contentsOfFile: "\(upstream)/synced-config/\(plugin).yaml", encoding: .utf8)
    return try #require(MiniYAML.parse(text)["actions"])
  }

  static func discover(_ plugin: String) throws -> DiscoveryResult {
    let upstream = try #require(DiscoveryTestSupport.upstream)
    return ActionDiscovery.discover(modules: try DiscoveryTestSupport.pluginFiles("\(upstream)/pristine/\(plugin)"))
  }

  @Test(arguments: expected.keys.sorted())
  func actionsMatchUpstreamSync(plugin: String) throws {
    let result = try Self.discover(plugin)
    let synced = try Self.syncedActions(plugin)
    #expect(result.actions.map(\.name).sorted() == Self.expected[plugin])
    #expect(!result.diagnostics.contains { $0.severity == .error }, "\(result.diagnostics)")
    for action in result.actions {
      let entry = try #require(synced[action.name], "\(action.name) missing from the synced config")
      #expect(entry["entrypoint"] == .string(action.entrypoint))
      #expect(entry["input_type"] == action.inputType.map { .string($0) })
      #expect(entry["output_type"] == action.outputType.map { .string($0) })
      #expect(action.method == nil)
      #expect(action.file.hasPrefix("plugin/"))
    }
  }

  @Test func trainFormMatchesSyncedHyperparameters() throws {
    let result = try Self.discover("synapse-yolov8-plugin")
    let train = try #require(result.actions.first { $0.name == "train" })
    let params = try #require(train.params)
    #expect(params.name == "TrainParams")
    #expect(params.externalBases == ["BaseTrainParams"])
    #expect(params.fields.map(\.name) == ["epochs", "batch_size", "learning_rate"])
    let schema = try #require(FormKit.uiSchema(for: params, actionName: "train"))
    let synced = try Self.syncedActions("synapse-yolov8-plugin")
    let expected = try #require(synced["train"]?["hyperparameters"]?["train_ui_schemas"])
    #expect(OrderedValue.list(schema) == expected)
    // Byte-level check of the key order too.
    #expect(DiscoveryTestSupport.json(.list(schema)) == DiscoveryTestSupport.json(expected))
  }

  @Test func otherYoloActionsHaveNoForm() throws {
    let result = try Self.discover("synapse-yolov8-plugin")
    for action in result.actions where action.name != "train" {
      if let params = action.params { #expect(FormKit.uiSchema(for: params, actionName: action.name) == nil) }
    }
    let deployment = try #require(result.actions.first { $0.name == "deployment" })
    #expect(deployment.params?.fields.map(\.name) == ["num_cpus", "num_gpus"])
    let convert = try #require(result.actions.first { $0.name == "convert" })
    #expect(
      convert.params?.fields.map(\.name) == ["path", "source_format", "target_format", "is_categorized", "output_dir"])
    let test = try #require(result.actions.first { $0.name == "test" })
    #expect(test.params?.name == "TestParams" && test.params?.fields.isEmpty == true)
  }

  @Test func uploadUsesTheSDKParamsModel() throws {
    let result = try Self.discover("synapse-s3-upload-plugin")
    let upload = try #require(result.actions.first)
    #expect(upload.params?.isExternal == true)
    #expect(upload.params?.qualifiedName == "synapse_sdk.plugins.actions.upload.UploadParams")
    #expect(FormKit.uiSchema(for: try #require(upload.params), actionName: "upload") == nil)
    #expect(result.diagnostics.contains { $0.severity == .warning && $0.message.contains("UploadParams") })
  }
}
