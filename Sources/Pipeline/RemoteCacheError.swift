/// Why a remote-cache request gave nothing usable. The case decides what the rest of the
/// build does: a remote that cannot be reached is not asked again, a refusal stops that
/// direction (reads or writes), and a single bad object only costs its stage.
///
/// Messages name the remote's request (`GET cas/1a2b3c4d5e6f`) and the cause, never a
/// header value or the URL's credentials.
public enum RemoteCacheError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Refused or timed-out connections, DNS and TLS failures, a connection that broke:
  /// the remote is not contacted again in this build, so a dead server costs one timeout.
  case unreachable(String)
  /// The remote answered with an error status (403 on a write, 401, 5xx).
  case refused(String)
  /// One entry or object cannot be used (damaged on the server, or a local file problem);
  /// the others may be fine.
  case failed(String)

  public var description: String {
    switch self {
    case .unreachable(let message), .refused(let message), .failed(let message): return message
    }
  }
}
