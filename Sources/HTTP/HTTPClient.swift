import Glibc

/// Sends requests to the backend with libcurl, retrying what is safe to retry.
///
/// `send` blocks the calling thread for the whole exchange, retries and
/// backoff included: commands upload one archive at a time, and a blocking
/// call keeps libcurl's callbacks on one known thread.
nonisolated public struct HTTPClient: Sendable {
  /// Larger responses fail with `.responseTooLarge`: the backend answers
  /// with small JSON documents, so anything bigger is a wrong URL or a
  /// misbehaving proxy, not something to hold in memory.
  public static let maxResponseBodySize = 16 << 20

  public let configuration: HTTPConfiguration
  private let library: CurlLibrary
  /// Idle handles with open connections, when `configuration.reusesConnections`; shared
  /// by copies of this client.
  private let pool: CurlHandlePool?

  /// Loads libcurl on first use; throws `.libraryUnavailable` without it.
  public init(configuration: HTTPConfiguration = .init()) throws(HTTPError) {
    guard !configuration.userAgent.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
      throw .invalidRequest("the user agent contains a line break or NUL")
    }
    let library = try CurlLibrary.shared()
    self.library = library
    self.configuration = configuration
    self.pool = configuration.reusesConnections ? CurlHandlePool(library: library) : nil
  }

  /// libcurl's version string, for `--version` and bug reports.
  public var libraryVersion: String { library.version }

  /// Sends `request`, retrying as `RetryPolicy` allows (at most
  /// `maxRetries` extra attempts), and returns the first 2xx response.
  ///
  /// Non-2xx responses are thrown as .status(HTTPStatusError). After the
  /// last attempt, the error of that attempt is thrown.
  ///
  /// - Parameter sink: Receives a 2xx body as it arrives (the response's
  ///   `body` is then empty), with no size limit; error bodies are kept as usual.
  public func send(
    _ request: HTTPRequest, observer: (any HTTPTransferObserver)? = nil, sink: (any HTTPResponseSink)? = nil
  ) throws(HTTPError) -> HTTPResponse {
    let prepared = try PreparedRequest(request)
    let policy = RetryPolicy(configuration: configuration)
    var attempt = 1
    while true {
      let transfer = CurlTransfer(
        library: library, request: prepared, configuration: configuration, observer: observer, sink: sink,
        pool: attempt == 1 ? pool : nil)
      let error: HTTPError
      switch transfer.run() {
      case .success(let exchange) where (200..<300).contains(exchange.status):
        return HTTPResponse(status: exchange.status, headers: exchange.headers, body: exchange.body, attempts: attempt)
      case .success(let exchange):
        error = .status(HTTPStatusError(status: exchange.status, headers: exchange.headers, body: exchange.body))
      case .failure(let failure):
        error = failure
      }
      guard attempt <= configuration.maxRetries,
        let delay = policy.delay(after: error, idempotent: prepared.isIdempotent, retry: attempt)
      else {
        throw error
      }
      attempt += 1
      observer?.willRetry(attempt: attempt, delay: delay, after: error)
      if observer?.abandonment() != nil { throw error }
      Self.sleep(seconds: delay)
    }
  }

  private static func sleep(seconds: Double) {
    guard seconds > 0 else {
      return
    }
    let whole = seconds.rounded(.down)
    var remaining = timespec(tv_sec: Int(whole), tv_nsec: Int((seconds - whole) * 1e9))
    var left = timespec()
    while nanosleep(&remaining, &left) != 0, errno == EINTR {
      remaining = left
    }
  }
}
