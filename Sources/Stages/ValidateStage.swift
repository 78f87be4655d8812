import FoundationEssentials
import Hashing
import Pipeline
import YAML

/// Validates config.yaml against the code (after ``SchemaStage`` has checked it against the
/// schema), reporting every problem with its position at once, and derives the config.yaml
/// the archive carries (``SyncedConfig``).
///
/// Errors fail the stage, which stops `synapse build` before archiving. Warnings (the
/// neural_net `data_type`, non-SemVer versions, config out of step with the code, code too
/// dynamic to read, entrypoints the platform may not run) are kept with the result and shown
/// again on cached runs.
///
/// The synced config is made here rather than in a stage of its own because it needs
/// exactly what validation has already parsed, decoded and planned (the config's tree, the
/// discovery report, update-config's plan); it is a blob output, so an unchanged plugin
/// derives it once.
public struct ValidateStage: Stage {
  public static let stageName = "validate"
  public let configPath: String

  public init(configPath: String) {
    self.configPath = configPath
  }

  public var name: String { Self.stageName }
  public var version: Int { 2 }
  public var inputs: [StageInput] {
    // Not the files manifest: an edit to a README or a comment must not rerun validation.
    [
      .stage(SchemaStage.stageName), .file(configPath), .optionalFile("requirements.txt"),
      .optionalFile(PluginValidator.legacyEntrypointFile), .stage(DiscoverStage.stageName),
    ]
  }

  public func run(_ context: StageContext) throws {
    let source = try context.readFile(configPath)
    let root = try? YAMLParser.parse(source)
    let discovery = DiscoveryReport.decode(
      try context.readBlob(DiscoverStage.stageName, "report"),
      plainModules: try context.readBlob(DiscoverStage.stageName, "plain-modules"),
      pythonFiles: try context.readBlob(DiscoverStage.stageName, "python-files"))
    let requirements = context.file("requirements.txt") != nil ? try context.readFile("requirements.txt") : nil
    let result = PluginValidator(configPath: configPath).validate(
      config: source, parsed: root, discovery: discovery, requirements: requirements, includeSchema: false,
      hasLegacyEntrypointFile: context.file(PluginValidator.legacyEntrypointFile) != nil)
    for warning in result.warnings { context.warn(warning.description) }
    let errors = (SchemaStage.errors(in: try context.outputs(of: SchemaStage.stageName)) + result.errors).sorted {
      ($0.file, $0.line ?? 0, $0.column ?? 0) < ($1.file, $1.line ?? 0, $1.column ?? 0)
    }
    guard errors.isEmpty, let root else { throw StagesError.invalidConfig(errors) }
    context.setText("actions", String(result.actionCount))
    let plan = result.sync ?? ConfigSync.plan(source: source, root: root, specs: discovery.actions)
    try context.setBlob(Self.syncedConfigOutput, try SyncedConfig.derive(source: source, plan: plan))
  }

  /// The blob holding the archive's config.yaml (see ``SyncedConfig``).
  public static let syncedConfigOutput = "synced-config"
}
