import Archive
import Glibc
import Hashing
import Pipeline

/// Streams plugin files into a zip, checking each against its manifest digest.
struct SourceReader {
  let workspace: String
  /// Where the content-store objects entries may name are, by digest: only those the stage
  /// read from its declared upstream outputs.
  let blobs: [Digest: String]
  private let buffer = ReadBuffer()

  init(workspace: String, blobs: [Digest: String] = [:]) {
    self.workspace = workspace
    self.blobs = blobs
  }

  func add(_ entry: FileManifest.Entry, to zip: ZipWriter) throws {
    let absolute: String
    switch entry.source {
    case .workspace(let source):
      absolute = FilePath.join(workspace, source)
    case .contentStore:
      guard let path = blobs[entry.digest] else {
        throw StagesError.internalError(
          "\(entry.path): derived content \(entry.digest.hex) is not an input of this stage")
      }
      absolute = path
    }
    let fd = open(absolute, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw SystemError("open", absolute) }
    defer { close(fd) }
    let sha = SHA256()
    try zip.addFile(
      path: entry.path, executable: entry.isExecutable, size: entry.size,
      compression: ArchiveStage.compression(for: entry.path)
    ) { write in
      var remaining = entry.size
      while remaining > 0 {
        let n = read(fd, buffer.pointer.baseAddress, min(buffer.pointer.count, remaining))
        if n < 0 {
          if errno == EINTR { continue }
          throw SystemError("read", absolute)
        }
        if n == 0 { break }
        let chunk = UnsafeRawBufferPointer(rebasing: buffer.pointer[0..<n])
        sha.update(chunk)
        try write(chunk)
        remaining -= n
      }
      var probe: UInt8 = 0
      guard remaining == 0, read(fd, &probe, 1) == 0, sha.finalize() == entry.digest else {
        throw PipelineError.fileChangedDuringBuild(path: absolute)
      }
    }
  }
}

/// A 1 MiB read buffer owned by one stage run.
final class ReadBuffer {
  let pointer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)

  deinit { pointer.deallocate() }
}
