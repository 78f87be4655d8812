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

  public init(entries: [String: Entry] = [:]) {
    self.entries = entries
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
    if case .blob(let hex, let size)? = entries[name], let d = Digest(hex: hex) { return (d, size) }
    return nil
  }
}
