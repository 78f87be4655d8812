/// What one build did with its remote cache: for the summary line, `--json` and
/// `synapse cache stats`.
public struct RemoteCacheSummary: Sendable, Equatable {
  /// The remote's URL without credentials.
  public var name: String
  /// True when the build did not write to the remote.
  public var readOnly: Bool
  /// Stages served from the remote (all their objects fetched and verified).
  public var hits = 0
  /// Stages the remote was asked about and had no usable result for.
  public var misses = 0
  public var downloadedBytes = 0
  public var uploadedBytes = 0
  /// The one warning the build gives about the remote, when anything went wrong.
  public var warning: String?

  public init(name: String, readOnly: Bool) {
    self.name = name
    self.readOnly = readOnly
  }
}
