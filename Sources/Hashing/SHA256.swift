import CCrypto

/// SHA-256 producing ``Digest`` values.
public struct SHA256: ~Copyable {
  private let md = MessageDigest(.sha256)

  public init() {}

  public func update(_ buffer: UnsafeRawBufferPointer) { md.update(buffer) }
  public func update(_ bytes: [UInt8]) { md.update(bytes) }
  public func update(_ string: String) { md.update(string) }

  /// Finishes the message; the hasher can be reused for a new one afterwards.
  public func finalize() -> Digest {
    md.finalizeBytes().withUnsafeBytes { Digest(bytes: $0) }
  }

  public static func hash(bytes: [UInt8]) -> Digest {
    bytes.withUnsafeBytes { hash(buffer: $0) }
  }

  public static func hash(buffer: UnsafeRawBufferPointer) -> Digest {
    var out = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    let base = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)
    out.withUnsafeMutableBufferPointer { o in
      _ = EVP_Digest(base, buffer.count, o.baseAddress, &length, EVP_sha256(), nil)
    }
    return out.withUnsafeBytes { Digest(bytes: $0) }
  }

  public static func hash(string: String) -> Digest {
    hash(bytes: Array(string.utf8))
  }
}
