import Hashing
import Schema

/// The config.yaml schema (schema/plugin-config.schema.json), embedded in the binary and
/// compiled once per process.
///
/// Validation reads this schema; there is no second, hand-written copy of the rules.
public enum PluginConfigSchema {
  /// The compiled validator. The schema ships with the binary and is tested to load, so a
  /// failure here is a packaging bug.
  public static let validator: SchemaValidator = {
    do {
      return try SchemaValidator(schemaJSON: Array(text.utf8))
    } catch {
      fatalError("the embedded config schema does not load: \(error)")
    }
  }()

  /// Identifies the schema in stage keys, so editing it invalidates cached validations.
  public static let digest: String = SHA256.hash(string: text).hex

  /// The schema's bytes (what `synapse schema` would print and editors read).
  public static var bytes: [UInt8] { Array(text.utf8) }
}
