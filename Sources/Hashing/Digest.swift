/// A SHA-256 digest: the identity of every file, value, output and cache key in the engine.
///
/// Stored as four words rather than an array so that comparing and hashing digests (done for
/// every file on every build) allocates nothing.
public struct Digest: Hashable, Sendable, Comparable, CustomStringConvertible {
  public let w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

  /// Builds a digest from 32 raw bytes in big-endian word order.
  public init(bytes: UnsafeRawBufferPointer) {
    precondition(bytes.count == 32, "a SHA-256 digest has 32 bytes")
    func word(_ i: Int) -> UInt64 {
      var v: UInt64 = 0
      for j in 0..<8 { v = (v << 8) | UInt64(bytes[i * 8 + j]) }
      return v
    }
    (w0, w1, w2, w3) = (word(0), word(1), word(2), word(3))
  }

  /// Parses 64 lowercase or uppercase hex characters; nil for anything else.
  public init?(hex: some StringProtocol) {
    var parsed: Digest?
    var s = String(hex)
    s.withUTF8 { parsed = Digest(hexUTF8: UnsafeRawBufferPointer($0)) }
    guard let parsed else { return nil }
    self = parsed
  }

  /// Parses 64 hex characters in place, without allocating: stat caches and manifests hold
  /// thousands of digests that are parsed on every build.
  public init?(hexUTF8 bytes: UnsafeRawBufferPointer) {
    guard bytes.count == 64 else { return nil }
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    for w in 0..<4 {
      var v: UInt64 = 0
      for i in (w * 16)..<(w * 16 + 16) {
        guard let n = Digest.nibble(bytes[i]) else { return nil }
        v = (v << 4) | UInt64(n)
      }
      switch w {
      case 0: words.0 = v
      case 1: words.1 = v
      case 2: words.2 = v
      default: words.3 = v
      }
    }
    (w0, w1, w2, w3) = words
  }

  /// The digest of zero bytes, which Bazel-style caches treat as always present.
  public static let empty = SHA256.hash(bytes: [])

  /// Lowercase hex, the form used in cache paths, JSON and user-facing output.
  public var hex: String {
    var out = [UInt8]()
    out.reserveCapacity(64)
    for w in [w0, w1, w2, w3] {
      for shift in stride(from: 60, through: 0, by: -4) {
        out.append(Digest.hexDigits[Int((w >> UInt64(shift)) & 0xF)])
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  public var description: String { hex }

  /// Appends the lowercase hex form to `out` without creating a String.
  public func appendHex(to out: inout [UInt8]) {
    for w in [w0, w1, w2, w3] {
      for shift in stride(from: 60, through: 0, by: -4) {
        out.append(Digest.hexDigits[Int((w >> UInt64(shift)) & 0xF)])
      }
    }
  }

  /// The first 12 hex characters, for compact human-facing output.
  public var short: String { String(hex.prefix(12)) }

  /// The 32 raw bytes, big-endian.
  public var bytes: [UInt8] {
    var out = [UInt8]()
    out.reserveCapacity(32)
    for w in [w0, w1, w2, w3] {
      for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8((w >> UInt64(shift)) & 0xFF)) }
    }
    return out
  }

  public static func < (a: Digest, b: Digest) -> Bool {
    (a.w0, a.w1, a.w2, a.w3) < (b.w0, b.w1, b.w2, b.w3)
  }

  static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

  static func nibble(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}
