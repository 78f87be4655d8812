import Glibc
import Pipeline

/// The `synapse_sdk` runtime plugin code runs on, embedded in the binary (from
/// runtime/synapse_sdk, by scripts/generate-embedded) and unpacked once per version into the
/// cache, so `plugin run` and `plugin test` need nothing installed but Python.
public enum PythonRuntime {
  /// The directory to put on `PYTHONPATH` (it contains `synapse_sdk/`), unpacking it first
  /// when this version is not there yet.
  ///
  /// The tree is written into a temporary directory and renamed into place, so concurrent
  /// processes and interrupted runs never see a half-written runtime.
  public static func install(in cache: CacheDirectory) throws -> String {
    let root = FilePath.join(cache.path, "runtime")
    let target = FilePath.join(root, digest)
    if FileSystem.exists(FilePath.join(target, "synapse_sdk/__init__.py")) { return target }
    try FileSystem.createDirectory(root)
    let staging = FileSystem.temporarySibling(of: target)
    defer { try? FileSystem.removeTree(staging) }
    for (path, text) in files {
      let file = FilePath.join(staging, "synapse_sdk/" + path)
      try FileSystem.createDirectory(FilePath.parent(of: file))
      try FileSystem.writeAtomically(Array(text.utf8), to: file, mode: 0o644)
    }
    if rename(staging, target) != 0 {
      // Another process won the race: its copy is the same version.
      guard FileSystem.exists(FilePath.join(target, "synapse_sdk/__init__.py")) else {
        throw SystemError("install the runtime into", target)
      }
    }
    return target
  }
}
