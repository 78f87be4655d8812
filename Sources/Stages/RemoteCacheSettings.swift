import HTTP

/// Where the remote cache is, how to authenticate and connect, and whether this build may
/// write to it: resolved once from flags and the environment.
public struct RemoteCacheSettings: Sendable {
  /// The base URL, without a trailing slash; requests go to `<url>/ac/<key>` and
  /// `<url>/cas/<sha256>`, so a path prefix (an instance name) is kept.
  public let url: String
  /// Sent with every request. Their values are secrets: nothing prints them.
  public let headers: [HTTPHeader]
  public let readOnly: Bool
  /// Why the build does not write (the flag, or the pull-request build that made it so).
  public let readOnlyReason: String?
  public let configuration: HTTPConfiguration

  /// A setting that cannot be used; the message never contains a header value.
  public struct Problem: Error, Sendable, CustomStringConvertible {
    public let description: String
  }

  /// How the remote is shown in warnings, `--json` and reports.
  public var displayURL: String { Self.redacted(url) }

  /// Flags first, then the environment: `SYNAPSE_REMOTE_CACHE`, `SYNAPSE_REMOTE_CACHE_HEADERS`
  /// (one `Name: value` per line), `SYNAPSE_REMOTE_CACHE_READ_ONLY`, and the network
  /// settings `SYNAPSE_REMOTE_CACHE_CONNECT_TIMEOUT` (seconds, default 2),
  /// `SYNAPSE_REMOTE_CACHE_TIMEOUT` (seconds for a whole request, default none; a transfer
  /// that stalls for 10 s is abandoned) and `SYNAPSE_REMOTE_CACHE_RETRIES` (default 1).
  ///
  /// A CI build of a pull request (``PullRequestBuild``) is read-only unless `write` says
  /// otherwise; `readOnly` always wins.
  /// - Returns: nil when no remote cache is configured.
  public static func resolve(
    url flag: String?, headers headerFlags: [String], readOnly readOnlyFlag: Bool, write: Bool,
    environment: (String) -> String? = CacheLocation.environment
  ) throws(Problem) -> RemoteCacheSettings? {
    let fromFlag = flag.flatMap { $0.isEmpty ? nil : $0 }
    guard let raw = fromFlag ?? environment("SYNAPSE_REMOTE_CACHE").flatMap({ $0.isEmpty ? nil : $0 }) else {
      return nil
    }
    func number(_ name: String, default value: Double?) throws(Problem) -> Double? {
      guard let text = environment(name), !text.isEmpty else { return value }
      guard let n = Double(text), n.isFinite, n > 0 else {
        throw Problem(description: "\(name): '\(text)' is not a number of seconds above 0")
      }
      return n
    }
    let connectTimeout = try number("SYNAPSE_REMOTE_CACHE_CONNECT_TIMEOUT", default: 2) ?? 2
    let timeout = try number("SYNAPSE_REMOTE_CACHE_TIMEOUT", default: nil)
    var retries = 1
    if let text = environment("SYNAPSE_REMOTE_CACHE_RETRIES"), !text.isEmpty {
      guard let n = Int(text), n >= 0 else {
        throw Problem(description: "SYNAPSE_REMOTE_CACHE_RETRIES: '\(text)' is not a whole number of 0 or more")
      }
      retries = n
    }
    let source = fromFlag != nil ? "--remote-cache" : "SYNAPSE_REMOTE_CACHE"
    let lowered = raw.lowercased()
    guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"),
      !raw.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }), !host(of: raw).isEmpty
    else {
      throw Problem(description: "\(source): \(redacted(raw)) is not an http or https URL")
    }
    var url = raw
    while url.hasSuffix("/") { url.removeLast() }

    var headers: [HTTPHeader] = []
    for (i, text) in headerFlags.enumerated() {
      headers.append(try header(text, source: "--remote-cache-header (occurrence \(i + 1))"))
    }
    if let env = environment("SYNAPSE_REMOTE_CACHE_HEADERS") {
      // `isNewline` also splits CRLF, which Swift reads as one character.
      for (i, line) in env.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
        let text = String(line)
        if text.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
        headers.append(try header(text, source: "SYNAPSE_REMOTE_CACHE_HEADERS (line \(i + 1))"))
      }
    }

    var readOnly = false
    var reason: String?
    if readOnlyFlag {
      readOnly = true
      reason = "--remote-cache-read-only"
    } else if let env = environment("SYNAPSE_REMOTE_CACHE_READ_ONLY"),
      ["1", "true", "yes"].contains(env.lowercased())
    {
      readOnly = true
      reason = "SYNAPSE_REMOTE_CACHE_READ_ONLY"
    } else if !write, let pullRequest = PullRequestBuild.detect(environment) {
      readOnly = true
      reason = "a pull-request build: \(pullRequest); --remote-cache-write overrides"
    }

    var configuration = HTTPConfiguration(
      connectTimeout: connectTimeout, timeout: timeout, stallTimeout: min(10, timeout ?? 10), maxRetries: retries,
      retryBaseDelay: 0.2, maxRetryDelay: 5, userAgent: "synapse/\(SynapseVersion.current)", reusesConnections: true)
    configuration.caCertificateFile = environment("SSL_CERT_FILE").flatMap { $0.isEmpty ? nil : $0 }
    return RemoteCacheSettings(
      url: url, headers: headers, readOnly: readOnly, readOnlyReason: reason, configuration: configuration)
  }

  /// `Name: value`, checked so it cannot break the request; errors never echo the value.
  static func header(_ text: String, source: String) throws(Problem) -> HTTPHeader {
    guard let colon = text.firstIndex(of: ":") else {
      throw Problem(description: "\(source): expected 'Name: value' (the value is not shown)")
    }
    let name = text[..<colon].trimmed(" \t")
    let value = text[text.index(after: colon)...].trimmed(" \t")
    let tokenBytes = Set("!#$%&'*+-.^_`|~".utf8)
    guard !name.isEmpty,
      name.utf8.allSatisfy({
        ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || tokenBytes.contains($0)
      })
    else {
      throw Problem(description: "\(source): the header name is not an HTTP token (the value is not shown)")
    }
    guard !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
      throw Problem(description: "\(source): the value of header \(name) contains a line break or NUL")
    }
    return HTTPHeader(name: name, value: value)
  }

  /// The URL without user information, query or fragment, which may carry credentials.
  public static func redacted(_ url: String) -> String {
    url.contains("://") ? BaseURL.redacted(url) : "<remote cache URL>"
  }

  static func host(of url: String) -> String {
    let redacted = redacted(url)
    guard let schemeEnd = redacted.firstRange(of: "://") else { return "" }
    let rest = redacted[schemeEnd.upperBound...]
    return String(rest.prefix { $0 != "/" })
  }
}

extension StringProtocol {
  /// Without leading and trailing characters from `set`.
  fileprivate func trimmed(_ set: String) -> String {
    let drop: (Character) -> Bool = { set.contains($0) }
    return String(self.drop(while: drop).reversed().drop(while: drop).reversed())
  }
}
