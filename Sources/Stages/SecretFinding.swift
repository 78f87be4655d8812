/// A file that looks like a credential.
public struct SecretFinding: Sendable, Equatable {
  /// The archive path.
  public let path: String
  public let why: String
  /// For a symlink, the workspace-relative file its content comes from.
  public let target: String?

  public init(path: String, why: String, target: String? = nil) {
    self.path = path
    self.why = why
    self.target = target
  }
}
