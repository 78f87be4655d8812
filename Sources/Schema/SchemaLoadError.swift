/// Why a schema could not be loaded.
///
/// The schema ships inside the binary, so this signals a bug in the
/// packaged schema (caught by the test suite) rather than a user error; the
/// location makes it quick to fix.
public struct SchemaLoadError: Error, Sendable, Hashable, CustomStringConvertible {
  public let message: String
  /// For JSON syntax errors, `line:column` in the schema text; for schema
  /// errors, the JSON pointer of the offending subschema (`#/properties/code`).
  public let location: String

  public init(message: String, location: String) {
    self.message = message
    self.location = location
  }

  public var description: String { "\(location): \(message)" }
}
