import Glibc
import Pipeline

/// Finds a command on `PATH`, as a shell would, without starting one.
public enum ExecutableSearch {
  /// The absolute path of `name` (returned as is when it already contains a `/` and is
  /// executable), or nil when no directory on `PATH` has an executable file of that name.
  public static func find(_ name: String, path: String? = CacheLocation.environment("PATH")) -> String? {
    if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
    let cwd = FileSystem.currentDirectory()
    for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false) {
      let dir = directory.isEmpty ? "." : String(directory)
      let candidate = FilePath.absolute(FilePath.join(dir, name), relativeTo: cwd)
      if access(candidate, X_OK) == 0, (try? FileSystem.stat(candidate))?.kind == .regular { return candidate }
    }
    return nil
  }
}
