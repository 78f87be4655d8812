import CCrypto

/// An incremental OpenSSL EVP digest context.
///
/// libcrypto is used instead of swift-crypto because it hashes as fast (SHA-NI) and costs no
/// build time; see docs/ARCHITECTURE.md. The context belongs to one thread.
public final class MessageDigest {
  /// The algorithms the tool needs: SHA-256 for identity, MD5 for the backend's conventions.
  public enum Algorithm: Sendable {
    case sha256, md5
  }

  private let context: OpaquePointer
  public let algorithm: Algorithm

  public init(_ algorithm: Algorithm) {
    guard let context = EVP_MD_CTX_new() else {
      fatalError("EVP_MD_CTX_new failed: out of memory")
    }
    self.context = context
    self.algorithm = algorithm
    reset()
  }

  deinit { EVP_MD_CTX_free(context) }

  /// Starts a new message, discarding anything fed so far.
  public func reset() {
    let md = algorithm == .sha256 ? EVP_sha256() : EVP_md5()
    guard EVP_DigestInit_ex(context, md, nil) == 1 else {
      fatalError("EVP_DigestInit_ex failed for \(algorithm)")
    }
  }

  public func update(_ buffer: UnsafeRawBufferPointer) {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return }
    EVP_DigestUpdate(context, base, buffer.count)
  }

  public func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { update($0) }
  }

  public func update(_ string: String) {
    var string = string
    string.withUTF8 { update(UnsafeRawBufferPointer($0)) }
  }

  /// Finishes the message and returns its raw digest bytes; the context is reset afterwards.
  public func finalizeBytes() -> [UInt8] {
    var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    out.withUnsafeMutableBufferPointer { buffer in
      _ = EVP_DigestFinal_ex(context, buffer.baseAddress, &length)
    }
    reset()
    return Array(out.prefix(Int(length)))
  }

  /// Finishes the message as lowercase hex.
  public func finalizeHex() -> String {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    for b in finalizeBytes() {
      out.append(digits[Int(b >> 4)])
      out.append(digits[Int(b & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
