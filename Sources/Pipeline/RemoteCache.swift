import Hashing

/// A cache shared between machines and checkouts (CI runners, developers), which the
/// engine consults when its local cache misses and fills after a stage runs.
///
/// Paths and verbs are those of Bazel's HTTP cache (`/ac/<key>`, `/cas/<sha256>`); what an
/// action entry holds is ours (``ActionCache``'s format). An implementation only moves
/// bytes: the engine verifies everything fetched (an entry's checksum line, every object
/// against its digest) before it enters the local cache, and nothing here can fail a build:
/// the engine turns the first ``RemoteCacheError`` into one warning and carries on locally.
/// Methods are called concurrently from the build's worker lanes.
public protocol RemoteCache: Sendable {
  /// How warnings and reports name the remote: its URL without credentials.
  var displayName: String { get }
  /// False when this build must not write to the remote (read-only by request, or an
  /// untrusted pull-request build), so it can read shared results but never poison them.
  var allowsWrites: Bool { get }
  /// The entry stored under a stage key, or nil when the remote has none.
  func fetchAction(_ key: Digest) throws(RemoteCacheError) -> [UInt8]?
  /// Streams an object into `writer` (restarting it if a retry begins again); false when
  /// the remote does not have it. The caller checks the bytes against `digest`.
  func fetchContent(_ digest: Digest, into writer: BlobWriter) throws(RemoteCacheError) -> Bool
  /// Uploads the object at `path` unless the remote already has it.
  /// - Parameter replacing: The remote's copy was found damaged in this build: send it
  ///   whatever the remote says it has.
  /// - Returns: The bytes sent (0 when the remote had it).
  func storeContent(_ digest: Digest, size: Int, from path: String, replacing: Bool) throws(RemoteCacheError) -> Int
  /// Stores an entry under a stage key, after every object it references.
  func storeAction(_ key: Digest, _ entry: [UInt8]) throws(RemoteCacheError)
}
