/// The outcome of one stage in one build.
public struct StageReport: Sendable, Equatable {
  public enum Status: String, Sendable, Codable { case ran, cached, failed, skipped }

  public var name: String
  public var status: Status
  public var durationMs: Double
  public var reason: RunReason
  /// Hex key, when it could be computed.
  public var key: String?
  /// Hex digest of the outputs, when the stage produced some.
  public var outputDigest: String?
  /// The failure message for a failed stage.
  public var error: String?
  /// What the tool a failed stage ran printed (pytest's or pip's output), shown as it is
  /// before the error; see ``DetailedError``.
  public var details: String?
  /// Non-fatal findings the stage reported.
  public var warnings: [String] = []
}
