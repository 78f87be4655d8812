import FoundationEssentials
import Pipeline

/// Renders a new plugin (``PluginScaffold``) into the cache: keyed by the answers and the
/// embedded templates, so creating the same plugin again renders nothing.
public struct ScaffoldStage: Stage {
  public static let stageName = "scaffold"
  public let spec: PluginSpec

  public init(spec: PluginSpec) {
    self.spec = spec
  }

  public var name: String { Self.stageName }
  public var version: Int { 1 }
  public var inputs: [StageInput] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let json = (try? encoder.encode(spec)).map { String(decoding: $0, as: UTF8.self) } ?? "\(spec)"
    return [
      .value(name: "spec", value: json), .value(name: "templates", value: PluginTemplates.digest),
      .value(name: "schema", value: String(PluginConfigSchema.text.utf8.count)),
    ]
  }

  public func run(_ context: StageContext) throws {
    let files = try PluginScaffold.render(spec)
    try context.setBlob("tree", ScaffoldTree.encode(files))
    context.setText("files", String(files.count))
  }
}
