import Glibc
import Pipeline

/// Follows a submitted Ray job to its end: its status, and its log line by line as it grows.
///
/// Ray's only streaming log endpoint is a WebSocket that re-reads the file once a second
/// (libcurl here has no WebSocket support, and a one-second tick would also be the lag of
/// every progress update). Polling status and log over HTTP instead notices progress and
/// the end within one interval: 100 ms for the first minute, easing to 500 ms after.
/// Reading a large log whole on every poll would cost more than it shows, so a log over
/// 1 MiB is read at most every two seconds (and always once at the end).
public struct RayJobFollower {
  public let dashboard: RayDashboard
  public let id: String

  public init(dashboard: RayDashboard, id: String) {
    self.dashboard = dashboard
    self.id = id
  }

  /// How following ended.
  public enum Outcome: Sendable {
    /// The job reached a terminal status; `stopRequested` when this follower asked Ray to
    /// stop it.
    case finished(RayJobInfo, stopRequested: Bool)
    /// Asked to stop following before the job ended (a second interrupt); the job may still
    /// be stopping.
    case detached(RayJobInfo?)
  }

  /// Polls until the job ends. `interrupts` returns how many interrupts arrived so far: on
  /// the first, Ray is asked to stop the job and following goes on until it has; on the
  /// second, following ends at once.
  public func follow(
    logs: Bool = true, interrupts: () -> Int = { 0 }, onLine: (String) -> Void,
    onStatus: (RayJobInfo) -> Void = { _ in }
  ) throws(RayError) -> Outcome {
    var cursor = JobLogCursor()
    var stopRequested = false
    var lastStatus: String?
    var lastInfo: RayJobInfo?
    let start = Self.now()
    var lastLogRead = -Double.infinity
    var logSize = 0
    while true {
      let interruptCount = interrupts()
      if interruptCount >= 2 { return .detached(lastInfo) }
      if interruptCount == 1, !stopRequested {
        stopRequested = true
        _ = try dashboard.stop(id)
      }
      let info = try dashboard.job(id)
      lastInfo = info
      if info.status != lastStatus {
        lastStatus = info.status
        onStatus(info)
      }
      let elapsed = Self.now() - start
      if logs, info.status != "PENDING" || info.isTerminal {
        if info.isTerminal {
          for line in cursor.finish(try dashboard.logs(id)) { onLine(line) }
        } else if logSize < 1 << 20 || Self.now() - lastLogRead >= 2 {
          let text = try dashboard.logs(id)
          lastLogRead = Self.now()
          logSize = text.utf8.count
          for line in cursor.newLines(in: text) { onLine(line) }
        }
      }
      if info.isTerminal { return .finished(info, stopRequested: stopRequested) }
      Self.sleep(elapsed < 60 ? 0.1 : 0.5)
    }
  }

  static func now() -> Double {
    Double(MonotonicClock.now()) * 1e-9
  }

  /// Returns early when a signal arrives, so an interrupt is acted on at once.
  public static func sleep(_ seconds: Double) {
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
    _ = nanosleep(&request, nil)
  }
}
