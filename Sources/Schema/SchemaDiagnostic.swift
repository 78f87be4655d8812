import YAML

/// One problem found in a YAML document, positioned like a compiler
/// diagnostic so that editors and terminals can jump to it.
public struct SchemaDiagnostic: Sendable, Hashable, CustomStringConvertible {
  /// Whether the problem makes the document invalid.
  ///
  /// Warnings cover what the Synapse SDK accepts today but is likely a
  /// mistake (a likely typo of a known field, a non-SemVer version, a
  /// `neural_net` plugin without `data_type`).
  public enum Severity: String, Sendable, Hashable {
    case error
    case warning
  }

  public let severity: Severity
  /// Where the offending value sits in the document, dotted with sequence
  /// indexes in brackets (`actions.train.method`, `tasks[2]`); empty for
  /// the document itself.
  public let path: String
  /// Start of the offending node; for a missing field, the start of the
  /// key whose mapping lacks it (or of the mapping itself at the top).
  public let position: SourcePosition
  /// The full message, path first: `actions.train.method: "jobs" is not
  /// one of job, task, serve, restapi`.
  public let message: String

  public init(severity: Severity, path: String, position: SourcePosition, message: String) {
    self.severity = severity
    self.path = path
    self.position = position
    self.message = message
  }

  /// `line:column: severity: message`, ready to be prefixed with a file name.
  public var description: String {
    "\(position.line):\(position.column): \(severity.rawValue): \(message)"
  }
}

extension Array where Element == SchemaDiagnostic {
  /// True when at least one diagnostic is an error, i.e. the document is invalid.
  public var containsErrors: Bool {
    contains { $0.severity == .error }
  }
}
