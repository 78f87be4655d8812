import Dispatch

/// A digest computed on another thread while the caller keeps producing data.
///
/// Writing an archive already hashes it with SHA-256 on the writing thread; MD5 (the
/// backend's convention) runs here in parallel, so the two together cost little more than
/// the slower one instead of their sum.
public final class BackgroundDigest: @unchecked Sendable {
  // @unchecked: `digest` is only touched on `queue`, a serial queue; callers hand over
  // copies of their buffers.
  private let queue = DispatchQueue(label: "synapse.digest")
  private let digest: MessageDigest

  public init(_ algorithm: MessageDigest.Algorithm) {
    digest = MessageDigest(algorithm)
  }

  /// Queues a copy of `buffer`.
  public func update(_ buffer: UnsafeRawBufferPointer) {
    let copy = [UInt8](buffer)
    queue.async { self.digest.update(copy) }
  }

  /// Waits for queued data and returns the lowercase hex digest.
  public func finalizeHex() -> String {
    queue.sync { digest.finalizeHex() }
  }
}
