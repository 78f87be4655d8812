import Foundation
import TestSupport
import Schema
import Testing
import YAML

/// Files the schema tests read: the schema itself, and the shared upstream
/// fixtures and guide when they are beside the checkout.
enum SchemaTestFiles {
  /// The package root, found from this file's location.
  static let packageRoot: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
  }()

  static var schemaPath: String { packageRoot + "/schema/plugin-config.schema.json" }

  static let schemaBytes: [UInt8] = {
    (try? Array(Data(contentsOf: URL(fileURLWithPath: schemaPath)))) ?? []
  }()

  /// `../shared` beside the checkout (developer machines and CI have it).
  static let shared: String? = {
    let path = URL(fileURLWithPath: packageRoot).deletingLastPathComponent().appendingPathComponent("shared").path
    return FileManager.default.fileExists(atPath: path + "/fixtures/upstream") ? path : nil
  }()

  static var hasShared: Bool { shared != nil }

  static func read(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
  }
}

/// The plugin-config validator, loaded once from the schema file.
let pluginValidator: SchemaValidator? = try? SchemaValidator(schemaJSON: SchemaTestFiles.schemaBytes)

/// Validates `yaml` with `validator` (the plugin-config schema by default)
/// and renders each diagnostic as `line:col: severity: message`.
func diagnose(
  _ yaml: String, with validator: SchemaValidator? = pluginValidator, sourceLocation: SourceLocation = #_sourceLocation
) throws -> [String] {
  let validator = try #require(validator, sourceLocation: sourceLocation)
  let root = try YAMLParser.parse(Array(yaml.utf8))
  return validator.validate(document: root).map(\.description)
}

/// A validator for an inline schema written as JSON text.
func makeValidator(_ schemaJSON: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> SchemaValidator {
  try SchemaValidator(schemaJSON: Array(schemaJSON.utf8))
}

/// Runs `python3 -c script` with `input` on standard input; returns standard
/// output, or `nil` when Python cannot be started.
func runPython(_ script: String, input: String) -> (status: Int32, output: String, error: String)? {
  let r = ProcessRunner.run("python3", ["-c", script], stdin: input)
  guard r.status >= 0 else { return nil }
  return (r.status, r.stdout, r.stderr)
}

/// Whether `python3` with `jsonschema` and `yaml` is available as an oracle.
let pythonOracleAvailable: Bool = {
  guard let result = runPython("import jsonschema, yaml", input: "") else { return false }
  return result.status == 0
}()

enum YAMLParserShim {
  static func parse(_ text: String) throws -> YAMLNode? {
    try YAMLParser.parse(Array(text.utf8))
  }
}
