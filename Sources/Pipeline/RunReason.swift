/// Why a stage ran, or why it did not: what `--explain` and `--json` report per stage.
public enum RunReason: Sendable, Equatable, CustomStringConvertible {
  /// One input that differs from the last run in this workspace.
  public enum Change: Sendable, Equatable, CustomStringConvertible {
    case stageVersion(from: Int, to: Int)
    case value(String)
    case file(String)
    case tree(name: String, added: [String], removed: [String], modified: [String])
    case upstream(String)
    case inputAdded(String)
    case inputRemoved(String)

    public var description: String {
      switch self {
      case .stageVersion(let from, let to): return "stage implementation changed (v\(from) → v\(to))"
      case .value(let name): return "value \(name) changed"
      case .file(let path): return "file \(path) changed"
      case .tree(let name, let added, let removed, let modified):
        var parts: [String] = []
        parts += modified.map { "\($0) modified" }
        parts += added.map { "\($0) added" }
        parts += removed.map { "\($0) removed" }
        if parts.isEmpty { return "tree \(name) changed" }
        let shown = parts.prefix(5).joined(separator: ", ")
        return parts.count > 5 ? "\(shown) and \(parts.count - 5) more" : shown
      case .upstream(let stage): return "output of '\(stage)' changed"
      case .inputAdded(let name): return "new input \(name)"
      case .inputRemoved(let name): return "input \(name) no longer read"
      }
    }
  }

  case cacheHit
  /// Not in the local cache; fetched from the remote cache and verified.
  case remoteHit
  /// No record of this stage in this workspace and no cache entry for its key.
  case neverBuilt
  /// Inputs are as last time but the entry is gone (pruned, cleaned, or another cache dir).
  case entryMissing
  case entryUnusable(String)
  case changed([Change])
  case notCacheable
  case upstreamFailed(String)

  public var description: String {
    switch self {
    case .cacheHit: return "cache hit"
    case .remoteHit: return "remote hit"
    case .neverBuilt: return "no cache entry"
    case .entryMissing: return "no cache entry (inputs unchanged; entry was pruned or never stored)"
    case .entryUnusable(let why): return "unusable cache entry: \(why)"
    case .changed(let changes): return changes.map(\.description).joined(separator: "; ")
    case .notCacheable: return "always runs (side effect, never cached)"
    case .upstreamFailed(let stage): return "skipped: '\(stage)' failed"
    }
  }
}
