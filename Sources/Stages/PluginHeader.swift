import FoundationEssentials
import Pipeline
import YAML

/// The three config fields the build needs to name its archive: `name`, `code`, `version`.
///
/// Full validation against the schema is its own stage; this reads just enough, but still
/// reports every problem it sees with its position.
public struct PluginHeader: Sendable, Equatable, Codable {
  public let name: String
  public let code: String
  public let version: String

  /// `<code>-<version>.zip`, the archive's file name when it is copied out.
  public var archiveFileName: String { "\(code)-\(version).zip" }

  public init(name: String, code: String, version: String) {
    self.name = name
    self.code = code
    self.version = version
  }

  /// Parses config text; `file` is the name used in diagnostics.
  public static func parse(_ bytes: [UInt8], file: String) throws -> PluginHeader {
    let root: YAMLNode?
    do {
      root = try YAMLParser.parse(bytes)
    } catch {
      throw StagesError.invalidConfig([
        ConfigDiagnostic(
          file: file, line: error.position?.line, column: error.position?.column,
          message: error.message + (error.context.map { " (\($0))" } ?? ""))
      ])
    }
    guard let root, case .mapping = root.kind else {
      let position = root?.start
      return try fail(
        file, position?.line, position?.column, "the file must be a mapping of fields (name, code, version, ...)")
    }
    var diagnostics: [ConfigDiagnostic] = []
    func field(_ key: String) -> String? {
      guard let node = root[key] else {
        diagnostics.append(
          ConfigDiagnostic(file: file, line: nil, column: nil, message: "missing required field '\(key)'"))
        return nil
      }
      guard let scalar = node.scalar else {
        diagnostics.append(
          ConfigDiagnostic(
            file: file, line: node.start.line, column: node.start.column,
            message: "\(key): must be a string, not a \(node.kindName)"))
        return nil
      }
      // The node's value, not the bare scalar's: an explicit tag (`!!str 1.0`) decides the
      // type, as PyYAML and the schema stage read it.
      guard let resolved = node.resolved else {
        diagnostics.append(
          ConfigDiagnostic(
            file: file, line: node.start.line, column: node.start.column,
            message: "\(key): \(scalar.value) does not fit its tag \(node.tag ?? ""); use a string"))
        return nil
      }
      switch resolved {
      case .string(let s) where !s.isEmpty:
        return s
      case .null, .string:
        diagnostics.append(
          ConfigDiagnostic(
            file: file, line: node.start.line, column: node.start.column, message: "\(key): must not be empty"))
      case .float, .int:
        diagnostics.append(
          ConfigDiagnostic(
            file: file, line: node.start.line, column: node.start.column,
            message:
              "\(key): \(scalar.value) is a number in YAML; quote it: \(key): \"\(scalar.value)\""))
      case .bool:
        diagnostics.append(
          ConfigDiagnostic(
            file: file, line: node.start.line, column: node.start.column,
            message: "\(key): \(scalar.value) is a boolean in YAML; quote it: \(key): \"\(scalar.value)\""))
      }
      return nil
    }
    let name = field("name")
    let code = field("code")
    let version = field("version")
    guard let name, let code, let version, diagnostics.isEmpty else {
      throw StagesError.invalidConfig(diagnostics)
    }
    return PluginHeader(name: name, code: code, version: version)
  }

  private static func fail(_ file: String, _ line: Int?, _ column: Int?, _ message: String) throws -> PluginHeader {
    throw StagesError.invalidConfig([ConfigDiagnostic(file: file, line: line, column: column, message: message)])
  }

  /// The JSON text the config stage stores.
  var json: String {
    JSONValue.object(["name": .string(name), "code": .string(code), "version": .string(version)]).text
  }

  /// Reads back ``json``.
  static func fromJSON(_ text: String) -> PluginHeader? {
    try? JSONDecoder().decode(PluginHeader.self, from: Data(text.utf8))
  }
}

extension YAMLNode {
  /// "mapping", "sequence" or "scalar", for messages.
  var kindName: String {
    switch kind {
    case .mapping: return "mapping"
    case .sequence: return "list"
    case .scalar: return "scalar"
    }
  }
}
