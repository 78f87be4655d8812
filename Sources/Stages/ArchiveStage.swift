import Archive
import Glibc
import Hashing
import Pipeline

/// Writes the deterministic zip: entries sorted by path bytes, one fixed timestamp, modes
/// normalised to 0644/0755, already-compressed formats stored and the rest deflated.
///
/// Same manifest and timestamp, same bytes. When the stage last ran in this workspace, the
/// records of unchanged entries are copied from that archive and only changed files are
/// compressed (``IncrementalZip``); the result is byte-identical to writing from scratch.
/// Each file read is hashed and checked against the manifest, so a file edited during the
/// build fails the build instead of being cached under the old content's key.
///
/// The config file is archived under its own path with the synced content validation
/// derived (``SyncedConfig``), read from the content store: its manifest entry carries that
/// content's digest and size, so the archive's identity, the incremental rebuild and the
/// file list all see what is shipped.
public struct ArchiveStage: Stage {
  public static let stageName = "archive"
  /// 1980-01-01 00:00:00 UTC, the earliest time a zip can hold (the usual reproducible-build
  /// choice), used unless SOURCE_DATE_EPOCH says otherwise.
  public static let defaultTimestamp: Int64 = ZipWriter.earliestModificationTime

  public let timestamp: Int64
  /// The archive comment (the git commit the plugin was built from), or nil for none.
  public let comment: String?
  /// The config file, relative to the plugin: archived with its synced content.
  public let configPath: String

  /// - Parameters:
  ///   - sourceDateEpoch: The `SOURCE_DATE_EPOCH` value, if set.
  ///   - comment: The zip's archive comment; part of the key, so the same content and comment
  ///     give the same bytes.
  ///   - configPath: The config file relative to the plugin.
  public init(sourceDateEpoch: String?, comment: String? = nil, configPath: String = "config.yaml") {
    self.comment = comment
    self.configPath = configPath
    if let s = sourceDateEpoch, let t = Int64(s.drop { $0 == " " }) {
      timestamp = min(max(t, ZipWriter.earliestModificationTime), ZipWriter.latestModificationTime)
    } else {
      timestamp = Self.defaultTimestamp
    }
  }

  public var name: String { Self.stageName }
  public var version: Int { 4 }
  public var inputs: [StageInput] {
    // Validate both orders archiving after the plugin is known good and gives the synced
    // config; its output changes only when config.yaml or what the code declares does.
    [
      .stage(ValidateStage.stageName), .stage(FilesStage.stageName),
      .value(name: "timestamp", value: String(timestamp)), .value(name: "comment", value: comment ?? ""),
      .value(name: "config", value: configPath),
    ]
  }

  /// Extensions whose content is already compressed: deflating them costs time and saves
  /// nothing.
  public static let storedExtensions: Set<String> = [
    "whl", "zip", "gz", "tgz", "bz2", "xz", "zst", "lz4", "7z", "rar", "jar", "egg", "npz",
    "png", "jpg", "jpeg", "gif", "webp", "avif", "heic", "mp3", "mp4", "m4a", "mov", "avi",
    "mkv", "webm", "ogg", "flac", "pdf", "woff", "woff2",
  ]

  public static func compression(for path: String) -> ZipCompression {
    let name = FilePath.lastComponent(of: path)
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return .deflate }
    return storedExtensions.contains(name[name.index(after: dot)...].lowercased()) ? .store : .deflate
  }

  /// A remote result's MD5 and file count must be the archive's it delivered (see
  /// ``Stage/problemWithRemoteOutputs(_:content:)``): both are printed and the MD5 is
  /// published as the archive's.
  public func problemWithRemoteOutputs(_ outputs: StageOutputs, content: ContentStore) -> String? {
    guard let blob = outputs.blob("archive") else { return "it has no archive" }
    let md5 = MessageDigest(.md5)
    do {
      try content.stream(blob.digest) { md5.update($0) }
    } catch {
      return "\(error)"
    }
    guard md5.finalizeHex() == outputs.text("md5") else { return "its MD5 is not the archive's" }
    guard let mapped = try? MappedFile(path: content.path(for: blob.digest)),
      let directory = try? ZipDirectory(mapped.bytes), String(directory.entries.count) == outputs.text("files")
    else { return "its file count is not the archive's" }
    return nil
  }

  public func run(_ context: StageContext) throws {
    let manifestBytes = try context.readBlob(FilesStage.stageName, "manifest")
    guard let listed = manifestBytes.withUnsafeBytes({ FileManifest(utf8: $0) }) else {
      throw PipelineError.missingOutput(stage: FilesStage.stageName, output: "manifest")
    }
    guard let synced = try context.outputs(of: ValidateStage.stageName).blob(ValidateStage.syncedConfigOutput) else {
      throw PipelineError.missingOutput(stage: ValidateStage.stageName, output: ValidateStage.syncedConfigOutput)
    }
    let syncedDigest = synced.digest
    let manifest = listed.replacing(configPath, withBlob: syncedDigest, size: synced.size)
    ZipWriter.retainFreedMemory()
    let writerVersion = try ZipWriter.libraryVersion()
    let reader = SourceReader(
      workspace: context.workspace,
      blobs: [syncedDigest: try context.blobPath(ValidateStage.stageName, ValidateStage.syncedConfigOutput)])
    let incremental = IncrementalZip.plan(
      manifest: manifest, context: context, timestamp: timestamp, writerVersion: writerVersion,
      reader: reader)
    let md5 = BackgroundDigest(.md5)
    var reused = 0
    try context.writeBlob("archive") { blob in
      let output: (UnsafeRawBufferPointer) throws -> Void = { chunk in
        md5.update(chunk)
        try blob.write(chunk)
      }
      // With a comment, the end record is held back and rewritten to carry it.
      let commented = try comment.map { try ZipComment($0, sink: output) }
      let sink: (UnsafeRawBufferPointer) throws -> Void = commented.map { $0.write } ?? output
      if let incremental {
        reused = try incremental.write(to: sink)
      } else {
        let zip = try ZipWriter(modificationTime: timestamp, sink: sink)
        for entry in manifest.entries { try reader.add(entry, to: zip) }
        try zip.finish()
      }
      try commented?.finish()
    }
    try context.setBlob("entries", manifest == listed ? manifestBytes : manifest.bytes)
    context.setText("md5", md5.finalizeHex())
    context.setText("files", String(manifest.entries.count))
    context.setText("timestamp", String(timestamp))
    context.setText("writer", writerVersion)
    context.setText("reused", String(reused))
  }
}
