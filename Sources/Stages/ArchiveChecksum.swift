import Pipeline

/// The archive's identity as the CLI and the backend see it.
public struct ArchiveChecksum: Sendable, Equatable, Codable {
  public let sha256: String
  public let md5: String
  public let size: Int

  var json: String {
    JSONValue.object(["sha256": .string(sha256), "md5": .string(md5), "size": .number(Double(size))]).text
  }
}
