/// Failures talking to a Ray cluster's Jobs API, each saying what to do next.
public enum RayError: Error, Sendable, Equatable, CustomStringConvertible {
  case invalidAddress(String, source: String)
  /// Nothing answered at the dashboard address.
  case unreachable(url: String, source: String, reason: String)
  /// 401: token auth is on and no token was sent.
  case tokenRequired(url: String)
  /// 403: the token was refused (or a proxy or Ray's browser guard refused the request).
  case tokenRefused(url: String, detail: String)
  case jobNotFound(id: String, url: String)
  /// Any other refusal: the status and the server's explanation (the last line of the
  /// Python traceback Ray sends as text).
  case api(status: Int, operation: String, message: String)
  case unexpectedResponse(operation: String, detail: String)
  /// A package is over the Jobs API's 100 MiB request limit.
  case packageTooLarge(name: String, size: Int64, path: String)
  /// Params too long to pass in the job's environment.
  case paramsTooLarge(size: Int, limit: Int)
  /// A package's bytes did not match its digest while they were sent, so the upload was cut
  /// short; a damaged cached archive is removed, and the next run builds it again.
  case packageDamaged(name: String, reason: String)

  public var description: String {
    switch self {
    case .invalidAddress(let address, let source):
      return "invalid Ray address \"\(address)\" (from \(source)): expected the dashboard's URL, such as "
        + "http://127.0.0.1:8265"
    case .unreachable(let url, let source, let reason):
      return
        "Ray connection failed: cannot reach the Jobs API at \(url) (from \(source)): \(reason). Start a head node "
        + "with `ray start --head`, or pass --ray-address with the dashboard's URL"
    case .tokenRequired(let url):
      return "the Ray cluster at \(url) requires a token: pass --ray-token or set RAY_AUTH_TOKEN"
    case .tokenRefused(let url, let detail):
      return "the Ray cluster at \(url) refused the request (403: \(detail)); with token auth, check --ray-token / "
        + "RAY_AUTH_TOKEN"
    case .jobNotFound(let id, let url):
      return "job \(id) does not exist on the Ray cluster at \(url)"
    case .api(let status, let operation, let message):
      return "Ray refused to \(operation) (HTTP \(status)): \(message)"
    case .unexpectedResponse(let operation, let detail):
      return "unexpected reply from Ray to \(operation): \(detail)"
    case .packageTooLarge(let name, let size, let path):
      return "\(path) is \(ByteCount.format(Int(size))); Ray's Jobs API takes packages (\(name)) of at most 100 MiB. "
        + "Leave large files out with .synapseignore and load them at run time"
    case .paramsTooLarge(let size, let limit):
      return "--params is \(size) bytes; a Ray job receives them in its environment, which takes at most \(limit) "
        + "bytes: pass a path to a file the cluster can read instead"
    case .packageDamaged(let name, let reason):
      return "package \(name) was not uploaded: \(reason)"
    }
  }
}
