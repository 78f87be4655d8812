import Pipeline
import YAML

/// Builds the `config` JSON a publish sends (see ``ReleaseConfig``), once per change to
/// config.yaml or the code, so a dry run and a publish show and send the same bytes.
///
/// It reads the synced config.yaml the archive carries (``ValidateStage``), not the file as
/// written, so the JSON and the archived file name the same actions, entrypoints (in dot
/// form), methods and types.
public struct ReleaseConfigStage: Stage {
  public static let stageName = "release-config"

  public init() {}

  public var name: String { Self.stageName }
  public var version: Int { 2 }
  public var inputs: [StageInput] {
    // After validate: only a config that passed is turned into a release description.
    [.stage(ValidateStage.stageName), .stage(DiscoverStage.stageName)]
  }

  public func run(_ context: StageContext) throws {
    let source = try context.readBlob(ValidateStage.stageName, ValidateStage.syncedConfigOutput)
    let config = try YAMLParser.parse(source)?.value ?? .null
    let discovery = DiscoveryReport.decode(try context.readBlob(DiscoverStage.stageName, "report"))
    let release = ReleaseConfig.build(config: config, actions: discovery.actions)
    context.setText("config", PythonJSON.encode(release))
    if case .string(let category)? = release["category"] { context.setText("category", category) }
    if case .mapping(let actions)? = release["actions"] {
      context.setText("actions", actions.map(\.key).joined(separator: ","))
    }
  }
}
