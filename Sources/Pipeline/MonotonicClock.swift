import Glibc

/// Time sources for durations (monotonic) and cache bookkeeping (wall clock).
public enum MonotonicClock {
  /// Nanoseconds on the monotonic clock.
  public static func now() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
  }

  /// Nanoseconds since the epoch.
  public static func wallNow() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
  }
}
