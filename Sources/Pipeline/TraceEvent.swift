/// One complete ("X") event of the Chrome trace-event format, which chrome://tracing and
/// Perfetto open.
public struct TraceEvent: Sendable, Equatable {
  public var name: String
  public var category: String
  /// Microseconds since the build started.
  public var start: Int64
  public var duration: Int64
  /// The worker slot that ran it, shown as a thread lane.
  public var lane: Int
}
