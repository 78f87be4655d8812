/// A URL that requests are made under (a backend host, a remote cache), split once at its
/// query: paths are joined before the query, which stays last (a signed URL's `?sig=` or a
/// tenant parameter applies to every request), and what is shown or stored never carries the
/// URL's credentials.
///
/// `http://user:pass@h/api/?tenant=acme` joined with `plugin_releases/` is
/// `http://user:pass@h/api/plugin_releases/?tenant=acme`, and shown as `http://h/api/`.
nonisolated public struct BaseURL: Sendable, Equatable {
  /// Everything before the query and fragment, without trailing slashes.
  public let base: String
  /// The query without its `?`, if there is one (the fragment is never sent).
  public let query: String?

  public init(_ text: String) {
    var rest = Substring(text)
    if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
    if let mark = rest.firstIndex(of: "?") {
      query = String(rest[rest.index(after: mark)...])
      rest = rest[..<mark]
    } else {
      query = nil
    }
    while rest.hasSuffix("/") { rest.removeLast() }
    base = String(rest)
  }

  /// The URL of `path` (relative, without a leading slash) under this one. A query in
  /// `path` comes first, then this URL's.
  public func appending(_ path: String) -> String {
    var path = Substring(path)
    while path.hasPrefix("/") { path.removeFirst() }
    var queries: [Substring] = []
    if let mark = path.firstIndex(of: "?") {
      queries.append(path[path.index(after: mark)...])
      path = path[..<mark]
    }
    if let query, !query.isEmpty { queries.append(Substring(query)) }
    let joined = path.isEmpty ? base : base + "/" + path
    return queries.isEmpty ? joined : joined + "?" + queries.joined(separator: "&")
  }

  /// How this URL is shown and recorded (see ``redacted(_:)``).
  public var redacted: String { Self.redacted(base) }

  /// The parts of the URL that may be secrets (user information, its password, query
  /// values), for scrubbing text a server echoed back.
  public var secrets: [String] {
    var out: [String] = []
    if let schemeEnd = base.firstRange(of: "://") {
      let rest = base[schemeEnd.upperBound...]
      let authority = rest.prefix { $0 != "/" }
      if let at = authority.lastIndex(of: "@") {
        let info = authority[..<at]
        out.append(String(info))
        if let colon = info.firstIndex(of: ":") { out.append(String(info[info.index(after: colon)...])) }
      }
    }
    for item in (query ?? "").split(separator: "&") {
      if let equals = item.firstIndex(of: "=") {
        out.append(String(item[item.index(after: equals)...]))
      } else {
        out.append(String(item))
      }
    }
    return out.filter { !$0.isEmpty }
  }

  /// `url` without user information, query or fragment: what messages, `--json` and records
  /// may hold, since a URL's credentials (`user:token@`, `?sig=`, `?token=`) are as secret as
  /// a header's.
  public static func redacted(_ url: String) -> String {
    guard let schemeEnd = url.firstRange(of: "://") else { return "<URL>" }
    var rest = url[schemeEnd.upperBound...]
    if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
    let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
    var authority = rest[..<authorityEnd]
    if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
    return String(url[..<schemeEnd.upperBound]) + authority + rest[authorityEnd...]
  }
}
