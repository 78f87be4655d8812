/// What `ZipReader` reports about one entry, as libarchive decodes it.
///
/// The compressed size is not included: libarchive's entry API does not
/// expose it.
nonisolated public struct ZipEntryInfo: Sendable, Equatable {
  /// The entry name, decoded as UTF-8.
  public let path: String
  /// Uncompressed size in bytes.
  public let size: Int
  /// The compression method, or nil for a method `ZipWriter` never writes
  /// (its libarchive name is then in `methodName`).
  public let compression: ZipCompression?
  /// libarchive's name for the method, e.g. "uncompressed" or "deflation".
  public let methodName: String
  /// File type and permission bits from the central directory's external
  /// attributes, e.g. 0o100644.
  public let mode: UInt32
  /// Seconds since the epoch, from the UTC "UT" extra field when present
  /// (otherwise libarchive's local-time reading of the DOS timestamp).
  public let modificationTime: Int64
  public let uid: Int64
  public let gid: Int64

  public init(
    path: String, size: Int, compression: ZipCompression?, methodName: String,
    mode: UInt32, modificationTime: Int64, uid: Int64, gid: Int64
  ) {
    self.path = path
    self.size = size
    self.compression = compression
    self.methodName = methodName
    self.mode = mode
    self.modificationTime = modificationTime
    self.uid = uid
    self.gid = gid
  }

  /// Whether the data is stored without compression.
  public var isStored: Bool { compression == .store }

  /// The permission bits of `mode`, e.g. 0o644 or 0o755.
  public var permissions: UInt32 { mode & 0o7777 }
}
