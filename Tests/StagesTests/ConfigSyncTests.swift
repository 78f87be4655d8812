import Foundation
import Stages
import TestSupport
import Testing
import YAML

@Suite struct ConfigSyncTests {
  func sync(_ text: String, _ specs: [ActionSpec]) throws -> (String, [String]) {
    let source = Array(text.utf8)
    let root = try #require(try YAMLParser.parse(source))
    let plan = ConfigSync.plan(source: source, root: root, specs: specs)
    let out = try YAMLEditor(source: source).apply(plan.edits)
    return (String(decoding: out, as: UTF8.self), plan.changes.map(\.description))
  }

  static func number(_ name: String, _ label: String, _ value: YAMLValue, _ help: String, _ min: YAMLValue, _ max: YAMLValue) -> YAMLValue {
    .mapping([
      (key: "$formkit", value: .string("number")), (key: "name", value: .string(name)), (key: "label", value: .string(label)),
      (key: "value", value: value), (key: "placeholder", value: value), (key: "help", value: .string(help)),
      (key: "min", value: min), (key: "max", value: max), (key: "number", value: .bool(true)), (key: "required", value: .bool(true)),
    ])
  }

  static let yolov8Specs: [ActionSpec] = [
    ActionSpec(name: "test", entrypoint: "plugin.test.TestAction", outputType: "test_results"),
    ActionSpec(name: "convert", entrypoint: "plugin.convert.ConvertAction", inputType: "dm_v2_dataset", outputType: "dataset"),
    ActionSpec(name: "download", entrypoint: "plugin.download.DownloadAction", outputType: "dm_v2_dataset"),
    ActionSpec(
      name: "train", entrypoint: "plugin.train.TrainAction", outputType: "model_weights",
      uiSchema: [
        number("epochs", "Epochs", .int(10), "Number of training epochs", .int(1), .int(1000)),
        number("batch_size", "Batch Size", .int(32), "Batch size", .int(1), .int(512)),
        number("learning_rate", "Learning Rate", .float("0.001"), "Learning rate", .float("1.0e-06"), .float("1.0")),
      ]),
    ActionSpec(name: "inference", entrypoint: "plugin.inference.InferenceDeployment"),
    ActionSpec(name: "deployment", entrypoint: "plugin.deployment.InferenceDeployment"),
  ]

  /// On upstream's own generated plugin, our surgical edits give exactly upstream's file
  /// (which only gained lines, so there was no formatting of the author's to keep).
  @Test(.enabled(if: Fixtures.hasUpstream)) func yolov8MatchesUpstreamByteForByte() throws {
    let root = try #require(Fixtures.upstream)
    let pristine = try String(contentsOfFile: root + "/pristine/synapse-yolov8-plugin/config.yaml", encoding: .utf8)
    let synced = try String(contentsOfFile: root + "/synced-config/synapse-yolov8-plugin.yaml", encoding: .utf8)
    let (out, changes) = try sync(pristine, Self.yolov8Specs)
    #expect(out == synced)
    #expect(changes == [
      "test: output_type=test_results", "convert: input_type=dm_v2_dataset, output_type=dataset",
      "download: output_type=dm_v2_dataset",
      "train: output_type=model_weights, hyperparameters.train_ui_schemas=[epochs, batch_size, learning_rate]",
    ])
    // A second run changes nothing.
    let (again, none) = try sync(out, Self.yolov8Specs)
    #expect(again == out && none.isEmpty)
  }

  @Test func guideFormEntrypointAndWrittenMethodAreKept() throws {
    let text = """
      actions:
        train:
          entrypoint: plugin.train:TrainAction   # guide form
          method: task
        inference:
          entrypoint: plugin.inference:InferenceAction
          method: task

      """
    let specs = [
      ActionSpec(name: "train", entrypoint: "plugin.train.TrainAction", method: "job", outputType: "model_weights"),
      ActionSpec(name: "inference", entrypoint: "plugin.infer.InferenceAction"),
    ]
    let (out, changes) = try sync(text, specs)
    #expect(out == """
      actions:
        train:
          entrypoint: plugin.train:TrainAction   # guide form
          method: task
          output_type: model_weights
        inference:
          entrypoint: plugin.infer:InferenceAction
          method: task

      """)
    #expect(changes == ["train: output_type=model_weights", "inference: entrypoint=plugin.infer:InferenceAction"])
  }

  @Test func newActionsLegacyStringsAndMissingActionsKey() throws {
    let (out, changes) = try sync(
      "name: x  # keep\nactions:\n  old: plugin.old.OldAction\n",
      [ActionSpec(name: "old", entrypoint: "plugin.old.OldAction"), ActionSpec(name: "export", entrypoint: "plugin.export.ExportAction", inputType: "dataset")])
    #expect(out == "name: x  # keep\nactions:\n  old:\n    entrypoint: plugin.old.OldAction\n  export:\n    entrypoint: plugin.export.ExportAction\n    method: job\n    input_type: dataset\n")
    #expect(changes == ["old: entrypoint=plugin.old.OldAction", "export: entrypoint=plugin.export.ExportAction, method=job, input_type=dataset"])
    let (noActions, _) = try sync("name: x\n", [ActionSpec(name: "main", entrypoint: "plugin.main.Main")])
    #expect(noActions == "name: x\nactions:\n  main:\n    entrypoint: plugin.main.Main\n")
  }

  @Test func uploadGetsGroupNameOnce() throws {
    let text = "actions:\n  upload:\n    entrypoint: plugin.upload.UploadAction\n    method: job\n"
    let spec = ActionSpec(name: "upload", entrypoint: "plugin.upload.UploadAction", uiSchema: [])
    let (out, changes) = try sync(text, [spec])
    #expect(out.hasSuffix("    ui_schema:\n    - $formkit: text\n      name: group_name\n      label: 묶음 이름\n      help: 데이터 유닛에 할당할 묶음 이름을 입력하세요.\n      required: false\n"))
    #expect(changes == ["upload: ui_schema=[group_name]"])
    #expect(try sync(out, [spec]).1.isEmpty)
  }
}
