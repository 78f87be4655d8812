/// How a zip entry's data is stored.
nonisolated public enum ZipCompression: Sendable, Equatable, Hashable {
  /// Method 0: the bytes as they are, for data that is already compressed
  /// (wheels, jars, images) where deflate only costs time.
  case store
  /// Method 8: zlib deflate at level 6 (zlib's default, which is also
  /// libarchive's; `ZipWriter` sets it explicitly so a libarchive default
  /// change cannot silently change archive bytes).
  case deflate
}
