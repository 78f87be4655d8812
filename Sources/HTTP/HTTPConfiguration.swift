/// How a client connects, how long it waits and how often it retries.
///
/// TLS certificate verification cannot be turned off: a private backend is
/// trusted by naming its CA in `caCertificateFile` instead.
nonisolated public struct HTTPConfiguration: Sendable {
  /// Seconds to establish the connection, TLS handshake included.
  public var connectTimeout: Double
  /// Seconds for a whole attempt (connect, upload, response); nil for no
  /// limit, because an upload of a large archive over a slow link may
  /// legitimately take long. `stallTimeout` catches dead connections.
  public var timeout: Double?
  /// Abort an attempt when less than one byte per second moved (in either
  /// direction) for this many seconds; rounded up to whole seconds, which is
  /// libcurl's resolution. libcurl averages the speed over the last five
  /// seconds, so a stall is noticed up to five seconds later than this. Also
  /// bounds how long a server may think after an upload before it answers.
  public var stallTimeout: Double
  /// Extra attempts after the first, for failures that are safe to repeat.
  public var maxRetries: Int
  /// The first backoff delay in seconds; it doubles with each retry.
  public var retryBaseDelay: Double
  /// Upper bound in seconds for the backoff and for a server's `Retry-After`,
  /// so a misconfigured server cannot park the command for hours.
  public var maxRetryDelay: Double
  /// A PEM bundle of CA certificates to trust instead of the system store
  /// (`CURLOPT_CAINFO`).
  public var caCertificateFile: String?
  public var userAgent: String
  /// Keep connections open between requests of one client (first attempts only; a retry
  /// always starts on a new connection). Worth it for many small requests to one server,
  /// where a TCP and TLS handshake per request would cost more than the request.
  public var reusesConnections: Bool

  public init(
    connectTimeout: Double = 10,
    timeout: Double? = nil,
    stallTimeout: Double = 30,
    maxRetries: Int = 3,
    retryBaseDelay: Double = 0.5,
    maxRetryDelay: Double = 60,
    caCertificateFile: String? = nil,
    userAgent: String = "synapse",
    reusesConnections: Bool = false
  ) {
    self.connectTimeout = connectTimeout
    self.timeout = timeout
    self.stallTimeout = stallTimeout
    self.maxRetries = maxRetries
    self.retryBaseDelay = retryBaseDelay
    self.maxRetryDelay = maxRetryDelay
    self.caCertificateFile = caCertificateFile
    self.userAgent = userAgent
    self.reusesConnections = reusesConnections
  }
}
