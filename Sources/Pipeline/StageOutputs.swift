import Hashing

/// What a stage produced: named text values and named files held in the content store.
public struct StageOutputs: Sendable, Equatable, Codable {
  /// One named output.
  public enum Entry: Sendable, Equatable, Codable {
    /// Small text (usually JSON) kept inline in the action-cache entry.
    case text(String)
    /// A file in the content store.
    case blob(digest: String, size: Int)
  }

  public private(set) var entries: [String: Entry]
  /// Outputs kept for the stage's own next run (``StageContext/previousOutputs``) that are
  /// not part of the result: they do not enter ``digest``, so a reuse cache that changes
  /// never makes downstream stages rerun.
  public private(set) var auxiliary: [String: Entry]?

  public init(entries: [String: Entry] = [:], auxiliary: [String: Entry]? = nil) {
    self.entries = entries
    self.auxiliary = auxiliary
  }

  public mutating func setAuxiliary(_ name: String, _ entry: Entry) {
    auxiliary = (auxiliary ?? [:]).merging([name: entry]) { _, new in new }
  }

  /// Every blob, results and auxiliary: what must exist for an entry to be a hit.
  public var allBlobs: [(name: String, digest: String, size: Int)] {
    (entries.map { ($0.key, $0.value) } + (auxiliary ?? [:]).map { ($0.key, $0.value) }).compactMap {
      if case .blob(let d, let size) = $0.1 { return (name: $0.0, digest: d, size: size) }
      return nil
    }
  }

  public subscript(name: String) -> Entry? {
    get { entries[name] }
    set { entries[name] = newValue }
  }

  /// The identity of these outputs, which downstream keys use (early cutoff).
  public var digest: Digest {
    let encoder = KeyEncoder(domain: "outputs")
    for name in entries.keys.sorted() {
      encoder.field(name)
      switch entries[name] {
      case .text(let text)?:
        encoder.tag(1)
        encoder.field(text)
      case .blob(let digest, let size)?:
        encoder.tag(2)
        encoder.field(digest)
        encoder.integer(size)
      case nil:
        break
      }
    }
    return encoder.finalize()
  }

  public func text(_ name: String) -> String? {
    if case .text(let t)? = entries[name] { return t }
    return nil
  }

  public func blob(_ name: String) -> (digest: Digest, size: Int)? {
    if case .blob(let hex, let size)? = entries[name] ?? auxiliary?[name], let d = Digest(hex: hex) {
      return (d, size)
    }
    return nil
  }
}
