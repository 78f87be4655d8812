import Pipeline

/// What the Python stages keep beside the action cache and content store: virtual
/// environments (`envs/`) and interpreter probes (`interpreters/`). Neither counts toward
/// the size bound (an environment is a tree, not an object); `cache clean` removes both.
extension CacheDirectory {
  /// The virtual environments built so far.
  public func pythonEnvironmentCount() -> Int {
    let names = (try? FileSystem.listDirectory(FilePath.join(path, "envs"))) ?? []
    return names.filter { name in
      let text = String(decoding: name, as: UTF8.self)
      return !text.hasSuffix(".lock") && !text.hasPrefix(".")
    }.count
  }

  /// Removes every environment and probe. The caller holds the cache lock exclusively, so
  /// no build is using an environment.
  public func removePythonState() throws {
    for directory in ["envs", "interpreters"] {
      try FileSystem.removeTree(FilePath.join(path, directory))
    }
  }
}
