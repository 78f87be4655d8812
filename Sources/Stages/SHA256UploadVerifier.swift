import HTTP
import Hashing

/// Checks an archive against its content-store digest while it is uploaded: the hash is
/// finished before the last chunk is handed to the network, so a cache object damaged after
/// it was written never reaches the backend as a complete release.
final class SHA256UploadVerifier: UploadVerifier {
  private let expected: String
  private let digest = MessageDigest(.sha256)

  init(expected: String) {
    self.expected = expected
  }

  func update(_ chunk: UnsafeRawBufferPointer) {
    digest.update(chunk)
  }

  func finish() -> String? {
    let actual = digest.finalizeHex()
    return actual == expected ? nil : "its SHA-256 is \(actual), not the built archive's \(expected)"
  }
}
