import Glibc

/// A read-only memory map of a whole file, so large records can be copied out of a
/// previous archive without reading them into the heap first.
nonisolated public final class MappedFile {
  public let bytes: UnsafeRawBufferPointer
  private let base: UnsafeMutableRawPointer?
  private let length: Int

  public init(path: String) throws {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      throw ArchiveError(
        kind: .invalidArgument, path: path, message: "cannot open: \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else {
      throw ArchiveError(
        kind: .invalidArgument, path: path, message: "cannot stat: \(String(cString: strerror(errno)))")
    }
    length = Int(st.st_size)
    if length == 0 {
      base = nil
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      return
    }
    let p = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0)
    guard let p, p != MAP_FAILED else {
      throw ArchiveError(kind: .invalidArgument, path: path, message: "cannot map: \(String(cString: strerror(errno)))")
    }
    base = p
    bytes = UnsafeRawBufferPointer(start: p, count: length)
  }

  deinit {
    if let base { munmap(base, length) }
  }
}
