/// Something discovery could not follow or that Python would reject, positioned in a file.
///
/// Discovery never stops at these: every unreadable construct is reported and skipped, and the
/// rest of the plugin is still discovered.
public struct DiscoveryDiagnostic: Sendable, Hashable, CustomStringConvertible {
  /// How serious a diagnostic is.
  public enum Severity: String, Sendable, Hashable {
    case error
    case warning
  }

  /// The file's path as given to `ActionDiscovery.discover`.
  public var file: String
  public var line: Int
  public var column: Int
  public var severity: Severity
  public var message: String

  public init(file: String, line: Int, column: Int, severity: Severity, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.severity = severity
    self.message = message
  }

  /// `file:line:column: severity: message`, the format compilers use.
  public var description: String { "\(file):\(line):\(column): \(severity.rawValue): \(message)" }
}
