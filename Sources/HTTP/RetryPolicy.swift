/// Decides whether a failed attempt is repeated, and after how long.
///
/// A request is only repeated when that cannot make the server act twice:
/// nothing was sent (refused or timed-out connections), the body never
/// completely left us, the method is idempotent, or the server said it did
/// not process the request (502, 503, 504, 429). A POST whose body was fully
/// handed over is never repeated after a lost connection, since the server
/// may already have created the release.
nonisolated struct RetryPolicy {
  var configuration: HTTPConfiguration
  /// Draws the jitter factor in [0.5, 1]; replaceable for tests.
  var jitter: () -> Double = { Double.random(in: 0.5...1.0) }

  /// Seconds to wait before retry number `retry` (1 for the first), or nil
  /// when `error` must be reported instead. Does not check `maxRetries`.
  func delay(after error: HTTPError, idempotent: Bool, retry: Int) -> Double? {
    switch error {
    case .connectionRefused, .connectTimeout:
      return backoff(retry)
    case .connectionLost(_, let requestSent), .timeout(_, let requestSent), .stalled(_, let requestSent):
      return !requestSent || idempotent ? backoff(retry) : nil
    case .status(let status) where [429, 502, 503, 504].contains(status.status):
      if let value = status.headers.first(where: { $0.name.lowercased() == "retry-after" })?.value,
        let seconds = RetryAfter.seconds(value)
      {
        return min(configuration.maxRetryDelay, seconds)
      }
      return backoff(retry)
    default:
      return nil
    }
  }

  /// `min(maxRetryDelay, base · 2^(retry-1))`, scaled by a random factor in
  /// [0.5, 1] so clients that failed together do not retry in lockstep.
  func backoff(_ retry: Int) -> Double {
    let exponential = configuration.retryBaseDelay * Double(1 << min(max(retry - 1, 0), 30))
    return min(configuration.maxRetryDelay, exponential) * jitter()
  }
}
