/// A file that looks like a credential.
public struct SecretFinding: Sendable, Equatable {
  public let path: String
  public let why: String
}
