/// A problem found while reading Python source, positioned so a user can find it.
///
/// The tokenizer and the structural scanner never fail as a whole: everything they cannot read
/// becomes one of these and reading goes on, so one odd construct never hides the rest of a file.
public struct PythonDiagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
  /// How serious a diagnostic is.
  public enum Severity: String, Sendable, Hashable, Codable {
    /// Python itself would reject the source (a syntax-level problem).
    case error
    /// The source is valid but something in it could not be read statically.
    case warning
  }

  public var severity: Severity
  public var message: String
  public var location: PythonSourceLocation

  public init(_ severity: Severity, _ message: String, at location: PythonSourceLocation) {
    self.severity = severity
    self.message = message
    self.location = location
  }

  public var line: Int { location.line }
  public var column: Int { location.column }

  public var description: String { "\(location): \(severity.rawValue): \(message)" }
}
