import Hashing
import Pipeline

/// The archive's identity: SHA-256 (its content-store digest) and MD5 (what the backend and
/// upstream display), both computed while the archive was written, in one pass.
///
/// Publishing reads the archive back through a verifying stream, so a cache object damaged
/// after it was written is caught before any byte is uploaded.
public struct ChecksumStage: Stage {
  public static let stageName = "checksum"

  public init() {}

  public var name: String { Self.stageName }
  public var version: Int { 2 }
  public var inputs: [StageInput] { [.stage(ArchiveStage.stageName)] }

  public func run(_ context: StageContext) throws {
    let archive = try context.outputs(of: ArchiveStage.stageName)
    guard let blob = archive.blob("archive"), let md5 = archive.text("md5") else {
      throw PipelineError.missingOutput(stage: ArchiveStage.stageName, output: "archive")
    }
    let checksum = ArchiveChecksum(sha256: blob.digest.hex, md5: md5, size: blob.size)
    context.setText("checksum", checksum.json)
  }
}
