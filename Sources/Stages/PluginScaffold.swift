import PythonSource
import YAML

/// One file of a new plugin.
public struct ScaffoldFile: Sendable, Equatable {
  public let path: String
  public let bytes: [UInt8]

  public init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
  }
}

/// Renders a new plugin: the category's templates with the spec's values, the schema for the
/// editor, and a config.yaml that is already in step with the generated code.
///
/// config.yaml is written rather than templated so that every user value is quoted by the
/// YAML emitter, and it is then brought in line with the code by the same sync
/// `update-config` runs (types, hyperparameter forms), so a new plugin passes
/// `update-config --check` with nothing to do.
public enum PluginScaffold {
  /// Where the config's `yaml-language-server` modeline points: a copy of the schema inside
  /// the plugin (excluded from the archive), so editors validate offline against the schema
  /// of the synapse that created the plugin.
  public static let schemaPath = ".synapse/plugin-config.schema.json"

  public static func render(_ spec: PluginSpec) throws -> [ScaffoldFile] {
    let renderer = TemplateRenderer(spec: spec)
    var files = PluginTemplates.files(for: spec.category).map { path, text in
      ScaffoldFile(path: path, bytes: Array(renderer.render(text).utf8))
    }
    files.append(ScaffoldFile(path: schemaPath, bytes: Array(PluginConfigSchema.text.utf8)))
    files.append(ScaffoldFile(path: "config.yaml", bytes: try syncedConfig(spec, files: files)))
    return files.sorted { $0.path < $1.path }
  }

  /// The config before syncing: what the user chose, and the template's actions.
  static func initialConfig(_ spec: PluginSpec) -> String {
    var text = "# yaml-language-server: $schema=\(schemaPath)\n"
    var pairs: [(key: String, value: YAMLValue)] = [
      ("name", .string(spec.name)), ("code", .string(spec.code)), ("version", .string(spec.version)),
      ("category", .string(spec.category.rawValue)), ("description", .string(spec.description)),
      ("readme", .string("README.md")),
    ]
    if let dataType = spec.dataType {
      pairs.append(("data_type", .string(dataType)))
      if !spec.tasks.isEmpty { pairs.append(("tasks", .sequence(spec.tasks.map { .string("\(dataType).\($0)") }))) }
    }
    if let value = spec.annotationCategory { pairs.append(("annotation_category", .string(value))) }
    if let value = spec.annotationType { pairs.append(("annotation_type", .string(value))) }
    if let value = spec.smartTool { pairs.append(("smart_tool", .string(value))) }
    if !spec.supportedDataTypes.isEmpty {
      pairs.append(("supported_data_types", .sequence(spec.supportedDataTypes.map(YAMLValue.string))))
    }
    pairs.append(("requires", .mapping([("python", .string(">=3.10"))])))
    for pair in pairs { text += YAMLEmitter.pair(pair.key, pair.value, indent: 0) }
    text += "\nactions:\n"
    for action in spec.category.actions {
      text += YAMLEmitter.pair(
        action.name,
        .mapping([
          ("entrypoint", .string(action.entrypoint)), ("method", .string(action.method)),
          ("description", .string(action.description)),
        ]), indent: 2)
    }
    return text
  }

  /// The initial config with the sync's edits applied, checked to need no further change.
  static func syncedConfig(_ spec: PluginSpec, files: [ScaffoldFile]) throws -> [UInt8] {
    let modules = files.filter { $0.path.hasPrefix("plugin/") && $0.path.hasSuffix(".py") }.map {
      (path: $0.path, summary: PythonModuleSummary.scan($0.bytes))
    }
    let specs = DiscoveryAdapter.report(modules: modules).actions
    let source = Array(initialConfig(spec).utf8)
    guard let root = try YAMLParser.parse(source) else {
      throw StagesError.internalError("the generated config.yaml is empty")
    }
    let plan = ConfigSync.plan(source: source, root: root, specs: specs)
    let synced = plan.isEmpty ? source : try YAMLEditor(source: source).apply(plan.edits)
    guard let reparsed = try YAMLParser.parse(synced),
      ConfigSync.plan(source: synced, root: reparsed, specs: specs).isEmpty
    else {
      throw StagesError.internalError("the generated config.yaml is not in step with the generated code")
    }
    return synced
  }
}
