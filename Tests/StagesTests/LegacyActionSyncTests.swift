import Foundation
import Stages
import Testing
import YAML

/// update-config's conversion of legacy string actions, `name: module.Class`, which
/// upstream's parser drops: every one becomes `{entrypoint: ...}`, whether or not the code
/// defines an action there, and nothing else in the file moves.
@Suite struct LegacyActionSyncTests {
  enum Form { case asWritten, dotted }

  func sync(_ text: String, _ specs: [ActionSpec], form: Form = .asWritten) throws -> (String, [String]) {
    let source = Array(text.utf8)
    let root = try #require(try YAMLParser.parse(source))
    let plan = ConfigSync.plan(source: source, root: root, specs: specs)
    let out = try YAMLEditor(source: source).apply(form == .dotted ? plan.dottedEdits : plan.edits)
    return (String(decoding: out, as: UTF8.self), plan.changes.map(\.description))
  }

  static let head = "# the author's comment\nname: Legacy\ncode: legacy\nversion: 0.1.0\ncategory: export\n\n"

  @Test func anUndiscoveredLegacyStringBecomesAMapping() throws {
    let text =
      Self.head
      + "actions:\n  export: plugin.export.Exporter   # kept\n  other:\n    entrypoint: plugin.other:Other\n\ntags: []\n"
    let (out, changes) = try sync(text, [])
    #expect(
      out == Self.head
        + "actions:\n  export:\n    entrypoint: plugin.export.Exporter   # kept\n  other:\n    entrypoint: plugin.other:Other\n\ntags: []\n"
    )
    #expect(changes == ["export: entrypoint=plugin.export.Exporter"])
    // Written once, nothing more to do.
    let (again, none) = try sync(out, [])
    #expect(again == out && none.isEmpty)
  }

  @Test func aDiscoveredLegacyStringKeepsItsEntrypointAndGainsWhatTheCodeDeclares() throws {
    let text = Self.head + "actions:\n  train: plugin.train:TrainAction\n"
    let spec = ActionSpec(name: "train", entrypoint: "plugin.train.TrainAction", outputType: "model_weights")
    let (out, changes) = try sync(text, [spec])
    #expect(
      out == Self.head
        + "actions:\n  train:\n    entrypoint: plugin.train:TrainAction\n    method: job\n    output_type: model_weights\n"
    )
    #expect(changes == ["train: entrypoint=plugin.train:TrainAction, method=job, output_type=model_weights"])
    let (dotted, _) = try sync(text, [spec], form: .dotted)
    #expect(dotted.contains("    entrypoint: plugin.train.TrainAction\n"))
  }

  @Test func aLegacyStringInAFlowMappingStaysFlow() throws {
    let text = Self.head + "actions: {export: plugin.export:Exporter, upload: {entrypoint: plugin.upload.Up}}\n"
    let (out, changes) = try sync(text, [])
    #expect(
      out == Self.head
        + "actions: {export: {entrypoint: 'plugin.export:Exporter'}, upload: {entrypoint: plugin.upload.Up}}\n")
    #expect(changes == ["export: entrypoint=plugin.export:Exporter"])
    let (dotted, _) = try sync(text, [], form: .dotted)
    #expect(
      dotted == Self.head
        + "actions: {export: {entrypoint: plugin.export.Exporter}, upload: {entrypoint: plugin.upload.Up}}\n")
    #expect(
      try YAMLParser.parse(Array(dotted.utf8))?.value["actions"]?["export"]?["entrypoint"]
        == .string("plugin.export.Exporter"))
  }

  /// The dotted form rewrites every `module:Class` entrypoint (discovered or not), keeps
  /// the quoting, and reports no change for it: it is not something update-config writes.
  @Test func theDottedFormRewritesEveryColonEntrypoint() throws {
    let text =
      Self.head
      + "actions:\n  a:\n    entrypoint: 'plugin.a:A'  # quoted\n  b:\n    entrypoint: plugin.b:B\n    method: job\n"
    let specs = [ActionSpec(name: "b", entrypoint: "plugin.b.B")]
    let (asWritten, none) = try sync(text, specs)
    #expect(asWritten == text && none.isEmpty)
    let (dotted, changes) = try sync(text, specs, form: .dotted)
    #expect(
      dotted == Self.head
        + "actions:\n  a:\n    entrypoint: 'plugin.a.A'  # quoted\n  b:\n    entrypoint: plugin.b.B\n    method: job\n")
    #expect(changes.isEmpty)
  }
}
