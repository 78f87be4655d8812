/// String path helpers: the engine keeps paths as strings of POSIX components.
public enum FilePath {
  public static func join(_ a: String, _ b: String) -> String {
    if b.isEmpty { return a }
    if a.isEmpty || b.hasPrefix("/") { return b }
    return a.hasSuffix("/") ? a + b : a + "/" + b
  }

  public static func parent(of path: String) -> String {
    var p = Substring(path)
    while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
    guard let slash = p.lastIndex(of: "/") else { return "." }
    return slash == p.startIndex ? "/" : String(p[..<slash])
  }

  public static func lastComponent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
  }

  /// Makes `path` absolute against `base` and removes `.` and `..` components lexically.
  public static func absolute(_ path: String, relativeTo base: String) -> String {
    let full = path.hasPrefix("/") ? path : join(base, path)
    var parts: [Substring] = []
    for part in full.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == ".." {
        if !parts.isEmpty { parts.removeLast() }
        continue
      }
      parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
  }
}
