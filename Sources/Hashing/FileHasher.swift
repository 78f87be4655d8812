import Glibc

/// Streams files through SHA-256 (and optionally MD5) with one reusable read buffer.
///
/// One hasher per thread: it owns a 1 MiB buffer so hashing thousands of small files does
/// not allocate per file.
public final class FileHasher {
  /// Thrown when reading fails; carries errno so callers can name the path and the cause.
  public struct ReadError: Error, Sendable {
    public let errno: Int32
  }

  private let buffer: UnsafeMutableRawBufferPointer
  private let sha = MessageDigest(.sha256)
  private var md5: MessageDigest?

  public init(bufferSize: Int = 1 << 20) {
    buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
  }

  deinit { buffer.deallocate() }

  /// The SHA-256 and byte count of everything readable from `fd` until end of file.
  public func hash(fileDescriptor fd: Int32) throws(ReadError) -> (digest: Digest, size: Int) {
    let (digest, _, size) = try hash(fileDescriptor: fd, md5: false)
    return (digest, size)
  }

  /// SHA-256, optionally MD5 (hex), and byte count of the rest of `fd`, in one pass.
  public func hash(fileDescriptor fd: Int32, md5 wantMD5: Bool) throws(ReadError) -> (
    digest: Digest, md5: String?, size: Int
  ) {
    if wantMD5, md5 == nil { md5 = MessageDigest(.md5) }
    var total = 0
    while true {
      let n = read(fd, buffer.baseAddress, buffer.count)
      if n < 0 {
        if errno == EINTR { continue }
        sha.reset()
        md5?.reset()
        throw ReadError(errno: errno)
      }
      if n == 0 { break }
      let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
      sha.update(chunk)
      if wantMD5 { md5?.update(chunk) }
      total += n
    }
    let digest = sha.finalizeBytes().withUnsafeBytes { Digest(bytes: $0) }
    let md5Hex = wantMD5 ? md5?.finalizeHex() : nil
    return (digest, md5Hex, total)
  }
}
