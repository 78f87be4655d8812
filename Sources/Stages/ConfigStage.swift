import Pipeline

/// Reads `name`, `code` and `version` from the plugin's config file.
public struct ConfigStage: Stage {
  public static let stageName = "config"
  public let configPath: String

  public init(configPath: String) {
    self.configPath = configPath
  }

  public var name: String { Self.stageName }
  public var version: Int { 1 }
  public var inputs: [StageInput] { [.file(configPath)] }

  public func run(_ context: StageContext) throws {
    let bytes = try context.readFile(configPath)
    let header = try PluginHeader.parse(bytes, file: configPath)
    context.setText("header", header.json)
  }
}
