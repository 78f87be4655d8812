import Glibc

/// Thin, throwing wrappers over the POSIX calls the engine uses.
///
/// Foundation's FileManager hides inodes, nanosecond ctimes, `O_EXCL` and `flock`, and full
/// Foundation costs start-up time the null build cannot afford, so the engine speaks POSIX.
public enum FileSystem {
  public static func lstat(_ path: String) throws(SystemError) -> FileStat {
    var st = Glibc.stat()
    guard fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) == 0 else { throw SystemError("stat", path) }
    return FileStat(st)
  }

  public static func stat(_ path: String) throws(SystemError) -> FileStat {
    var st = Glibc.stat()
    guard fstatat(AT_FDCWD, path, &st, 0) == 0 else { throw SystemError("stat", path) }
    return FileStat(st)
  }

  /// `lstat` that returns nil when the path does not exist.
  public static func lstatIfPresent(_ path: String) throws(SystemError) -> FileStat? {
    var st = Glibc.stat()
    if fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) == 0 { return FileStat(st) }
    if errno == ENOENT || errno == ENOTDIR { return nil }
    throw SystemError("stat", path)
  }

  public static func exists(_ path: String) -> Bool {
    access(path, F_OK) == 0
  }

  public static func isDirectory(_ path: String) -> Bool {
    (try? stat(path))?.kind == .directory
  }

  /// Reads a whole file.
  public static func readFile(_ path: String) throws(SystemError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw SystemError("open", path) }
    defer { close(fd) }
    return try readAll(fd, path: path)
  }

  /// Reads a file that may be absent.
  public static func readFileIfPresent(_ path: String) throws(SystemError) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 {
      if errno == ENOENT || errno == ENOTDIR { return nil }
      throw SystemError("open", path)
    }
    defer { close(fd) }
    return try readAll(fd, path: path)
  }

  static func readAll(_ fd: Int32, path: String) throws(SystemError) -> [UInt8] {
    var st = Glibc.stat()
    let hint = fstat(fd, &st) == 0 ? Int(st.st_size) : 0
    var out = [UInt8](repeating: 0, count: max(hint, 4096))
    var used = 0
    while true {
      if used == out.count { out.append(contentsOf: repeatElement(0, count: out.count)) }
      let n = out.withUnsafeMutableBytes { buf in
        read(fd, buf.baseAddress! + used, buf.count - used)
      }
      if n < 0 {
        if errno == EINTR { continue }
        throw SystemError("read", path)
      }
      if n == 0 { break }
      used += n
    }
    out.removeSubrange(used...)
    return out
  }

  /// Writes `bytes` to `path` atomically: a temp file in the same directory, fsync-free
  /// (the cache tolerates losing recent entries, never half entries), then `rename(2)`.
  public static func writeAtomically(
    _ bytes: [UInt8], to path: String, mode: mode_t = 0o644
  ) throws(SystemError) {
    let tmp = temporarySibling(of: path)
    let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
    guard fd >= 0 else { throw SystemError("create", tmp) }
    fchmod(fd, mode)  // exactly `mode`, whatever the umask
    do throws(SystemError) {
      try writeAll(fd, bytes, path: tmp)
      guard close(fd) == 0 else { throw SystemError("write", tmp) }
    } catch {
      close(fd)
      unlink(tmp)
      throw error
    }
    guard rename(tmp, path) == 0 else {
      let e = SystemError("rename into", path)
      unlink(tmp)
      throw e
    }
  }

  public static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(SystemError) {
    let result: SystemError? = bytes.withUnsafeBytes { buf in
      do throws(SystemError) { try writeAll(fd, buf, path: path) } catch { return error }
      return nil
    }
    if let result { throw result }
  }

  public static func writeAll(
    _ fd: Int32, _ buf: UnsafeRawBufferPointer, path: String
  ) throws(SystemError) {
    var offset = 0
    while offset < buf.count {
      let n = write(fd, buf.baseAddress! + offset, buf.count - offset)
      if n < 0 {
        if errno == EINTR { continue }
        throw SystemError("write", path)
      }
      offset += n
    }
  }

  /// A unique name next to `path`: same directory so the final rename never crosses devices.
  public static func temporarySibling(of path: String) -> String {
    let slash = path.lastIndex(of: "/").map { path[...$0] } ?? ""
    return "\(slash).tmp-\(getpid())-\(uniqueCounter())"
  }

  /// Creates a directory and its parents; existing directories are fine.
  /// - Parameter replacingNonDirectory: Remove a file (or other non-directory) in the
  ///   directory's place first: inside the cache, that is damage to repair.
  public static func createDirectory(
    _ path: String, mode: mode_t = 0o755, replacingNonDirectory: Bool
  ) throws(SystemError) {
    if replacingNonDirectory, let st = try? lstatIfPresent(path), st.kind != .directory {
      try removeTree(path)
    }
    try createDirectory(path, mode: mode)
  }

  /// Creates a directory and its parents; existing directories are fine.
  public static func createDirectory(_ path: String, mode: mode_t = 0o755) throws(SystemError) {
    if mkdir(path, mode) == 0 || errno == EEXIST {
      if errno == EEXIST, !isDirectory(path) { throw SystemError("create directory", path, code: ENOTDIR) }
      return
    }
    guard errno == ENOENT else { throw SystemError("create directory", path) }
    let parent = FilePath.parent(of: path)
    guard parent != path, !parent.isEmpty else { throw SystemError("create directory", path) }
    try createDirectory(parent, mode: mode)
    guard mkdir(path, mode) == 0 || errno == EEXIST else {
      throw SystemError("create directory", path)
    }
  }

  /// Names in a directory, without `.` and `..`, in no particular order.
  public static func listDirectory(_ path: String) throws(SystemError) -> [[UInt8]] {
    let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw SystemError("list directory", path) }
    defer { close(fd) }
    return try listDirectory(fd: fd, displayPath: path)
  }

  /// Removes a file or a whole directory tree; a missing path is fine.
  public static func removeTree(_ path: String) throws(SystemError) {
    guard let st = try lstatIfPresent(path) else { return }
    if st.kind == .directory {
      for name in try listDirectory(path) {
        try removeTree(path + "/" + String(decoding: name, as: UTF8.self))
      }
      guard rmdir(path) == 0 || errno == ENOENT else { throw SystemError("remove", path) }
    } else {
      guard unlink(path) == 0 || errno == ENOENT else { throw SystemError("remove", path) }
    }
  }

  /// The canonical absolute path, resolving symlinks.
  public static func realPath(_ path: String) throws(SystemError) -> String {
    guard let resolved = realpath(path, nil) else { throw SystemError("resolve", path) }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  public static func currentDirectory() -> String {
    guard let cwd = getcwd(nil, 0) else { return "." }
    defer { free(cwd) }
    return String(cString: cwd)
  }

  /// Sets a file's modification time to now: how the cache marks an entry as recently used.
  public static func touch(_ path: String) {
    _ = utimensat(AT_FDCWD, path, nil, 0)
  }

  private static let counter = AtomicCounter()

  static func uniqueCounter() -> Int { counter.next() }
}

extension FileSystem {
  /// Copies a file atomically (temp file beside the destination, then rename), so an
  /// interrupted copy never leaves a half-written file under the destination's name.
  public static func copyFile(from source: String, to destination: String) throws(SystemError) {
    let input = open(source, O_RDONLY | O_CLOEXEC)
    guard input >= 0 else { throw SystemError("open", source) }
    defer { close(input) }
    let tmp = temporarySibling(of: destination)
    let output = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard output >= 0 else { throw SystemError("create", tmp) }
    var failure = copyByReading(input, output, source: source, destination: tmp)
    if close(output) != 0, failure == nil { failure = SystemError("write", tmp) }
    if let failure {
      unlink(tmp)
      throw failure
    }
    guard rename(tmp, destination) == 0 else {
      let e = SystemError("rename into", destination)
      unlink(tmp)
      throw e
    }
  }

  private static func copyByReading(_ input: Int32, _ output: Int32, source: String, destination: String)
    -> SystemError?
  {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    while true {
      let n = read(input, buffer.baseAddress, buffer.count)
      if n < 0 {
        if errno == EINTR { continue }
        return SystemError("read", source)
      }
      if n == 0 { return nil }
      do {
        try writeAll(output, UnsafeRawBufferPointer(rebasing: buffer[0..<n]), path: destination)
      } catch {
        return error
      }
    }
  }
}

extension FileSystem {
  /// Opens a directory for `*at` calls; `name` is relative to `directory` (or a path when
  /// `directory` is AT_FDCWD). Symlinks are not followed.
  public static func openDirectory(_ name: String, in directory: Int32 = AT_FDCWD, displayPath: String)
    throws(SystemError) -> Int32
  {
    let fd = openat(directory, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
    guard fd >= 0 else { throw SystemError("open directory", displayPath) }
    return fd
  }

  /// `lstat` of `name` inside an open directory: no path walk per file.
  public static func lstat(_ name: String, in directory: Int32, displayPath: String) throws(SystemError) -> FileStat {
    var st = Glibc.stat()
    guard fstatat(directory, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { throw SystemError("stat", displayPath) }
    return FileStat(st)
  }

  /// Names in an open directory, without `.` and `..`; `fd` stays open and owned by the caller.
  public static func listDirectory(fd: Int32, displayPath: String) throws(SystemError) -> [[UInt8]] {
    let copy = dup(fd)
    guard copy >= 0, let dir = fdopendir(copy) else {
      if copy >= 0 { close(copy) }
      throw SystemError("list directory", displayPath)
    }
    defer { closedir(dir) }
    var names: [[UInt8]] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> [UInt8] in
        let bytes = raw.bindMemory(to: UInt8.self)
        let length = bytes.firstIndex(of: 0) ?? bytes.count
        return Array(bytes[0..<length])
      }
      if name == [46] || name == [46, 46] { continue }
      names.append(name)
    }
    return names
  }
}
