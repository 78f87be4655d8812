/// Where a Ray cluster's Jobs API (the dashboard) is: `--ray-address`, then `RAY_ADDRESS`,
/// then `http://127.0.0.1:8265`.
///
/// Ray's own CLI reads `RAY_ADDRESS` the same way for `ray job submit`. A client address
/// (`ray://host:10001`) names the host of a cluster whose dashboard is on the default port,
/// as upstream maps it; a bare `host:port` is taken as plain HTTP.
public struct RayAddress: Sendable, Equatable {
  public static let defaultURL = "http://127.0.0.1:8265"

  /// The dashboard's base URL, without a trailing slash.
  public let url: String
  /// Where the address came from, for messages: `--ray-address`, `RAY_ADDRESS` or `the default`.
  public let source: String

  public init(url: String, source: String) {
    self.url = url
    self.source = source
  }

  public static func resolve(
    flag: String?, environment: (String) -> String? = CacheLocation.environment
  ) throws(RayError) -> RayAddress {
    if let flag, !flag.isEmpty { return try parse(flag, source: "--ray-address") }
    if let value = environment("RAY_ADDRESS"), !value.isEmpty { return try parse(value, source: "RAY_ADDRESS") }
    return RayAddress(url: defaultURL, source: "the default")
  }

  static func parse(_ text: String, source: String) throws(RayError) -> RayAddress {
    let trimmed = text.trimmingASCIIWhitespace
    if trimmed == "auto" { return RayAddress(url: defaultURL, source: source) }
    var url: String
    let lowered = trimmed.lowercased()
    if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
      url = trimmed
    } else if lowered.hasPrefix("ray://") {
      url = "http://\(host(of: trimmed.dropFirst("ray://".count))):8265"
    } else if !trimmed.contains("://") {
      url = "http://" + trimmed
    } else {
      throw .invalidAddress(text, source: source)
    }
    while url.hasSuffix("/") { url.removeLast() }
    let hostPart = url.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
    // A URL without a host (`http://:8265`, `ray://`) would only fail later, as a connection
    // error that blames the network instead of the address.
    guard hostPart.count >= 3, !host(of: hostPart[2]).isEmpty,
      !url.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
    else {
      throw .invalidAddress(text, source: source)
    }
    return RayAddress(url: url, source: source)
  }

  /// The host of `authority/path...`: a bracketed IPv6 address, brackets included, or what
  /// comes before the port.
  private static func host(of text: Substring) -> String {
    let authority = text.prefix { $0 != "/" }
    if authority.hasPrefix("[") {
      guard let close = authority.firstIndex(of: "]"), authority.distance(from: authority.startIndex, to: close) > 1
      else { return "" }
      return String(authority[...close])
    }
    return String(authority.prefix { $0 != ":" })
  }
}

extension String {
  var trimmingASCIIWhitespace: String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
    return String(s)
  }
}
