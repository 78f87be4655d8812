/// Failures of login and publish, each saying what to do next.
public enum PublishError: Error, Sendable, CustomStringConvertible, Equatable {
  case notAuthenticated
  case credentialsUnreadable(path: String, reason: String)
  case credentialsUnwritable(path: String, reason: String)
  case invalidHost(String)
  case invalidToken(String)
  /// A different archive was already published under this version (known locally or told
  /// by the backend).
  case versionAlreadyPublished(code: String, version: String, host: String, detail: String?)
  /// The backend's checksum for the stored file is not the archive's.
  case checksumMismatch(expected: String, received: String)
  case uploadFailed(String)
  case recordUnwritable(path: String, reason: String)
  case cancelled

  public var description: String {
    switch self {
    case .notAuthenticated:
      return "Not authenticated. Run `synapse login` or set SYNAPSE_ACCESS_TOKEN environment variable."
    case .credentialsUnreadable(let path, let reason):
      return "\(path): \(reason); fix or remove the file (nothing was changed)"
    case .credentialsUnwritable(let path, let reason):
      return "cannot save credentials to \(path): \(reason)"
    case .invalidHost(let host):
      return "invalid host \(quoted(host)): expected an http:// or https:// URL such as https://api.synapse.sh"
    case .invalidToken(let reason):
      return "\(reason); pass -t TOKEN, type it at the prompt, or pipe it on standard input"
    case .versionAlreadyPublished(let code, let version, let host, let detail):
      // Known locally, the content differs; told by the backend, it is unknown.
      let what = detail == nil ? " with different content" : ""
      var message = "\(code) \(version) is already published to \(host)\(what); bump `version` in config.yaml"
      message += detail == nil ? " (or pass --force to send it anyway)" : " (backend: \(detail ?? ""))"
      return message
    case .checksumMismatch(let expected, let received):
      return "ChecksumMismatchError: Checksum verification failed: the backend stored a file with checksum "
        + "\(received), but the archive's is \(expected); the release may be corrupt, publish again"
    case .uploadFailed(let message):
      return "Failed to upload plugin: \(message)"
    case .recordUnwritable(let path, let reason):
      return "published, but could not record it in \(path): \(reason)"
    case .cancelled:
      return "Cancelled"
    }
  }

  private func quoted(_ text: String) -> String { "\"\(text)\"" }
}
