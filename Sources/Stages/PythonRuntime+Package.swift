import Archive
import Glibc
import Pipeline

extension PythonRuntime {
  /// The runtime as a zip with `synapse_sdk/` at its top, for a Ray job's `py_modules`:
  /// `<cache>/runtime/<digest>.zip`, written once per runtime version.
  ///
  /// The zip is deterministic (sorted entries, fixed timestamps), and its name on the
  /// cluster derives from the runtime's digest, so every machine running this version of
  /// synapse refers to the same package and only the first one uploads it.
  public static func package(in cache: CacheDirectory) throws -> (path: String, size: Int64, rayName: String) {
    let root = FilePath.join(cache.path, "runtime")
    let target = FilePath.join(root, digest + ".zip")
    let rayName = "_ray_pkg_synapse_sdk_" + digest.prefix(40) + ".zip"
    var info = stat()
    if stat(target, &info) == 0 { return (target, Int64(info.st_size), rayName) }
    try FileSystem.createDirectory(root)
    let staging = FileSystem.temporarySibling(of: target)
    defer { unlink(staging) }
    let fd = open(staging, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw SystemError("create", staging) }
    var closed = false
    defer { if !closed { close(fd) } }
    let writer = try ZipWriter(modificationTime: ZipWriter.earliestModificationTime) { chunk in
      try FileSystem.writeAll(fd, chunk, path: staging)
    }
    for (path, text) in files.sorted(by: { $0.key < $1.key }) {
      let bytes = Array(text.utf8)
      try writer.addFile(path: "synapse_sdk/" + path, executable: false, size: bytes.count, compression: .deflate) {
        write in try bytes.withUnsafeBytes { try write($0) }
      }
    }
    try writer.finish()
    closed = true
    guard close(fd) == 0 else { throw SystemError("write", staging) }
    guard rename(staging, target) == 0 else { throw SystemError("rename into place", target) }
    guard stat(target, &info) == 0 else { throw SystemError("stat", target) }
    return (target, Int64(info.st_size), rayName)
  }
}
