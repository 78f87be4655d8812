import Foundation
import Schema
import Testing
import YAML

/// Real configs: upstream's generated plugins (before and after its
/// `update-config`) and the guide's own sample must all be valid.
@Suite(.enabled(if: SchemaTestFiles.hasShared, "needs ../shared/fixtures beside the checkout"))
struct FixtureConfigTests {
  static let plugins = [
    "synapse-coco-export-plugin", "synapse-hello-custom-plugin", "synapse-s3-upload-plugin", "synapse-yolov8-plugin",
  ]

  @Test(arguments: plugins)
  func pristineConfigIsValidWithoutWarnings(plugin: String) throws {
    let shared = try #require(SchemaTestFiles.shared)
    let text = try SchemaTestFiles.read("\(shared)/fixtures/upstream/pristine/\(plugin)/config.yaml")
    #expect(try diagnose(text) == [])
  }

  @Test(arguments: plugins)
  func syncedConfigIsValidWithoutWarnings(plugin: String) throws {
    let shared = try #require(SchemaTestFiles.shared)
    let text = try SchemaTestFiles.read("\(shared)/fixtures/upstream/synced-config/\(plugin).yaml")
    #expect(try diagnose(text) == [])
  }

  /// The guide's sample omits `data_type` for a neural_net plugin, which
  /// upstream rejects; the guide wins, so it is valid with one warning.
  @Test func guideSampleIsValidWithOnlyTheDataTypeWarning() throws {
    let shared = try #require(SchemaTestFiles.shared)
    let guide = try SchemaTestFiles.read("\(shared)/reference/plugin-development-guide.md")
    let opening = "```yaml filename=\"config.yaml\"\n"
    let start = try #require(guide.range(of: opening))
    let end = try #require(guide.range(of: "\n```", range: start.upperBound..<guide.endIndex))
    let sample = String(guide[start.upperBound..<end.lowerBound]) + "\n"
    #expect(sample.hasPrefix("name: YOLOv8 Object Detection\n"))
    #expect(sample.contains("entrypoint: plugin.train:TrainAction"))
    #expect(
      try diagnose(sample) == [
        "1:1: warning: neural_net plugins should set data_type (image, text, video, pcd, audio or data); the Synapse SDK rejects them without it"
      ])
  }
}
