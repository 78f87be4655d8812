import Hashing

/// A canonical, type-tagged encoding fed straight into SHA-256.
///
/// Each field is written as a tag and a length-prefixed value, so no two different input
/// lists can encode to the same bytes ("ab"+"c" differs from "a"+"bc"), and adding a field
/// of another kind can never collide with an existing one.
public final class KeyEncoder {
  private let hasher = MessageDigest(.sha256)

  /// `domain` separates what is being hashed (stage keys, outputs, tree listings).
  public init(domain: String) {
    field("synapse/\(domain)/v1")
  }

  public func tag(_ t: UInt8) {
    hasher.update([t])
  }

  public func integer(_ n: Int) {
    var v = UInt64(bitPattern: Int64(n)).bigEndian
    withUnsafeBytes(of: &v) { hasher.update($0) }
  }

  public func field(_ s: String) {
    var s = s
    s.withUTF8 { utf8 in
      integer(utf8.count)
      hasher.update(UnsafeRawBufferPointer(utf8))
    }
  }

  public func field(_ bytes: [UInt8]) {
    integer(bytes.count)
    hasher.update(bytes)
  }

  public func field(_ digest: Digest) {
    tag(0xD1)
    hasher.update(digest.bytes)
  }

  public func finalize() -> Digest {
    hasher.finalizeBytes().withUnsafeBytes { Digest(bytes: $0) }
  }
}
