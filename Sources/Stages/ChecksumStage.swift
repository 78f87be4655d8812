import Hashing
import Pipeline

/// SHA-256 and MD5 of the archive (MD5 is what the backend and upstream display).
///
/// The archive is re-read from the content store and verified against its SHA-256 in the
/// same pass, so a damaged cache object is caught here rather than published.
public struct ChecksumStage: Stage {
  public static let stageName = "checksum"

  public init() {}

  public var name: String { Self.stageName }
  public var version: Int { 1 }
  public var inputs: [StageInput] { [.stage(ArchiveStage.stageName)] }

  public func run(_ context: StageContext) throws {
    let md5 = MessageDigest(.md5)
    try context.streamBlob(ArchiveStage.stageName, "archive") { chunk in md5.update(chunk) }
    guard let blob = try context.outputs(of: ArchiveStage.stageName).blob("archive") else { return }
    let checksum = ArchiveChecksum(sha256: blob.digest.hex, md5: md5.finalizeHex(), size: blob.size)
    context.setText("checksum", checksum.json)
  }
}

/// The archive's identity as the CLI and the backend see it.
public struct ArchiveChecksum: Sendable, Equatable, Codable {
  public let sha256: String
  public let md5: String
  public let size: Int

  var json: String {
    JSONValue.object(["sha256": .string(sha256), "md5": .string(md5), "size": .number(Double(size))]).text
  }
}
