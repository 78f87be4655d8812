import Archive
import Hashing
import Pipeline

/// Rebuilds an archive from the previous one: unchanged entries' records are copied, changed
/// entries are compressed by ``ZipWriter`` into a small side archive whose records are
/// spliced in, and the central directory is rewritten by ``ZipAssembler``.
///
/// Every record depends only on its entry (path, content, mode, timestamp, compression and
/// the zip library build), so the result equals a from-scratch write; tests compare the
/// bytes after random edits. Whenever the previous archive cannot be used as-is (another
/// timestamp or library build, a damaged entry list, an unexpected layout), ``plan`` returns
/// nil and the stage writes from scratch.
struct IncrementalZip {
  private enum Source {
    case previous(ZipDirectory.Entry)
    case fresh(ZipDirectory.Entry)
  }

  private let previous: MappedFile
  private let fresh: [UInt8]
  private let order: [Source]

  /// Changed content above this size is written from scratch rather than staged in memory.
  static let maximumFreshBytes = 64 << 20

  static func plan(
    manifest: FileManifest, context: StageContext, timestamp: Int64, writerVersion: String,
    reader: SourceReader
  ) -> IncrementalZip? {
    guard let outputs = context.previousOutputs,
      outputs.text("timestamp") == String(timestamp), outputs.text("writer") == writerVersion,
      let entriesBytes = context.readPreviousBlob("entries"),
      let oldManifest = entriesBytes.withUnsafeBytes({ FileManifest(utf8: $0) }),
      let archivePath = context.previousBlobPath("archive"),
      let mapped = try? MappedFile(path: archivePath),
      let directory = try? ZipDirectory(mapped.bytes),
      directory.entries.count == oldManifest.entries.count,
      zip(directory.entries, oldManifest.entries).allSatisfy({ $0.path == $1.path })
    else { return nil }

    struct Identity: Hashable {
      let path: String
      let digest: Digest
      let executable: Bool
    }
    var reusable: [Identity: ZipDirectory.Entry] = [:]
    reusable.reserveCapacity(directory.entries.count)
    for (record, old) in zip(directory.entries, oldManifest.entries) {
      reusable[Identity(path: old.path, digest: old.digest, executable: old.isExecutable)] = record
    }
    var changed: [FileManifest.Entry] = []
    var picks: [ZipDirectory.Entry?] = []
    for entry in manifest.entries {
      let record = reusable[Identity(path: entry.path, digest: entry.digest, executable: entry.isExecutable)]
      picks.append(record)
      if record == nil { changed.append(entry) }
    }
    guard changed.reduce(0, { $0 + $1.size }) <= maximumFreshBytes else { return nil }

    var fresh: [UInt8] = []
    var freshEntries: [ZipDirectory.Entry] = []
    if !changed.isEmpty {
      do {
        let zip = try ZipWriter(modificationTime: timestamp) { fresh.append(contentsOf: $0) }
        for entry in changed { try reader.add(entry, to: zip) }
        try zip.finish()
        freshEntries = try fresh.withUnsafeBytes { try ZipDirectory($0).entries }
      } catch {
        return nil
      }
    }
    var next = 0
    let order: [Source] = picks.map { pick in
      if let pick { return .previous(pick) }
      defer { next += 1 }
      return .fresh(freshEntries[next])
    }
    return IncrementalZip(previous: mapped, fresh: fresh, order: order)
  }

  /// Writes the archive; returns how many entries were reused.
  func write(to sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
    let assembler = ZipAssembler(sink: sink)
    var reused = 0
    try fresh.withUnsafeBytes { freshBytes in
      for source in order {
        switch source {
        case .previous(let e):
          try assembler.append(
            record: UnsafeRawBufferPointer(rebasing: previous.bytes[e.recordStart..<e.recordEnd]),
            centralRecord: e.centralRecord)
          reused += 1
        case .fresh(let e):
          try assembler.append(
            record: UnsafeRawBufferPointer(rebasing: freshBytes[e.recordStart..<e.recordEnd]),
            centralRecord: e.centralRecord)
        }
      }
    }
    try assembler.finish()
    return reused
  }
}
