/// Hears about a transfer while `HTTPClient.send` runs, on the sending
/// thread; a progress bar throttles its own redraws.
public protocol HTTPTransferObserver: Sendable {
  /// Bytes of the body handed to the network so far and in total, and
  /// response bytes received. Counts restart from zero on each attempt.
  func progress(sent: Int64, totalToSend: Int64, received: Int64)
  /// Called before sleeping `delay` seconds ahead of attempt number
  /// `attempt` (2 for the first retry), after `error` ended the previous one.
  func willRetry(attempt: Int, delay: Double, after error: HTTPError)
  /// A reason to give up on the transfer now, or nil to carry on. Asked at least once a
  /// second while the transfer runs (also while it waits for an answer) and before a retry;
  /// the transfer then fails with this error. Lets one caller stop every request to a
  /// server that another request found dead, instead of each waiting out its own stall.
  func abandonment() -> HTTPError?
}

extension HTTPTransferObserver {
  public func abandonment() -> HTTPError? { nil }
}
