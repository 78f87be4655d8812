import Pipeline
import Schema
import YAML

/// Parses config.yaml and checks it against the schema: YAML syntax, types, enums, required
/// fields, with every problem positioned. Errors fail the stage; warnings travel with it.
///
/// Its own stage so that `update-config` (which must not edit a file the schema rejects) and
/// `validate` share one cached check, and an unchanged config is never validated twice.
public struct SchemaStage: Stage {
  public static let stageName = "schema"
  public let configPath: String

  public init(configPath: String) {
    self.configPath = configPath
  }

  public var name: String { Self.stageName }
  public var version: Int { 1 }
  public var inputs: [StageInput] {
    [.file(configPath), .value(name: "schema", value: PluginConfigSchema.digest)]
  }

  public func run(_ context: StageContext) throws {
    let source = try context.readFile(configPath)
    let result = SchemaCheck(configPath: configPath).check(source)
    for warning in result.warnings { context.warn(warning.description) }
    guard result.errors.isEmpty else { throw StagesError.invalidConfig(result.errors) }
    context.setText("ok", "true")
  }
}

/// YAML syntax and schema validation of one config file, positioned.
public struct SchemaCheck {
  public struct Result: Sendable {
    public var root: YAMLNode?
    public var errors: [ConfigDiagnostic] = []
    public var warnings: [ConfigDiagnostic] = []
  }

  let configPath: String

  public init(configPath: String) {
    self.configPath = configPath
  }

  public func check(_ source: [UInt8]) -> Result {
    var result = Result()
    do {
      guard let parsed = try YAMLParser.parse(source) else {
        result.errors.append(
          ConfigDiagnostic(
            file: configPath, line: nil, column: nil,
            message: "the file is empty; it needs name, code, version, category and actions"))
        return result
      }
      result.root = parsed
    } catch {
      var message = error.message + (error.context.map { " (\($0))" } ?? "")
      if let offset = error.position?.offset, offset < source.count, source[offset] == 0x09 {
        message += "; YAML does not allow tabs for indentation, use spaces"
      }
      result.errors.append(
        ConfigDiagnostic(file: configPath, line: error.position?.line, column: error.position?.column, message: message))
      return result
    }
    guard let root = result.root else { return result }
    for violation in PluginConfigSchema.validator.validate(root) {
      let d = ConfigDiagnostic(
        file: configPath, line: violation.position.line, column: violation.position.column, message: violation.message)
      if violation.severity == .warning { result.warnings.append(d) } else { result.errors.append(d) }
    }
    return result
  }
}
