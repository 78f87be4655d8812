import FoundationEssentials
import Pipeline
import Schema
import YAML

/// Parses config.yaml and checks it against the schema: YAML syntax, types, enums, required
/// fields, with every problem positioned. Errors are recorded (``validate`` fails on them);
/// warnings travel with the stage.
///
/// Its own stage so that `update-config` and `validate` share one cached check and an
/// unchanged config is never validated twice. It records rather than fails because
/// `update-config` may fix what it finds (an empty `actions` mapping).
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
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    context.setText("errors", String(decoding: try encoder.encode(result.errors), as: UTF8.self))
  }
}

extension SchemaStage {
  /// The errors a schema stage recorded, from its outputs.
  static func errors(in outputs: StageOutputs?) -> [ConfigDiagnostic] {
    guard let text = outputs?.text("errors") else { return [] }
    return (try? JSONDecoder().decode([ConfigDiagnostic].self, from: Data(text.utf8))) ?? []
  }

  /// Errors `update-config` repairs by writing the actions the code defines.
  static func isFixedBySync(_ d: ConfigDiagnostic) -> Bool {
    d.message == "actions: must define at least one action" || d.message == "missing required field 'actions'"
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
        ConfigDiagnostic(file: configPath, line: error.position?.line, column: error.position?.column, message: message)
      )
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
