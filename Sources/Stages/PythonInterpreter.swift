import Glibc
import Pipeline

/// Which Python runs a plugin: `--python`, else `$SYNAPSE_PYTHON`, else the plugin's own
/// `.venv`, else `python3` on `PATH`.
public struct PythonInterpreter: Sendable, Equatable {
  /// An absolute path, or a command name looked up on `PATH` when run.
  public let executable: String
  /// Where the choice came from, for messages (`--python`, `SYNAPSE_PYTHON`, `.venv`, `PATH`).
  public let source: String

  public init(executable: String, source: String) {
    self.executable = executable
    self.source = source
  }

  public static func resolve(explicit: String?, pluginDirectory: String) throws -> PythonInterpreter {
    let cwd = FileSystem.currentDirectory()
    if let explicit, !explicit.isEmpty {
      return try existing(FilePath.absolute(explicit, relativeTo: cwd), source: "--python")
    }
    if let fromEnvironment = CacheLocation.environment("SYNAPSE_PYTHON"), !fromEnvironment.isEmpty {
      return try existing(
        fromEnvironment.contains("/") ? FilePath.absolute(fromEnvironment, relativeTo: cwd) : fromEnvironment,
        source: "SYNAPSE_PYTHON")
    }
    let venv = FilePath.join(pluginDirectory, ".venv/bin/python")
    if access(venv, X_OK) == 0 { return PythonInterpreter(executable: venv, source: ".venv") }
    return PythonInterpreter(executable: "python3", source: "PATH")
  }

  private static func existing(_ path: String, source: String) throws -> PythonInterpreter {
    guard !path.contains("/") || access(path, X_OK) == 0 else {
      throw StagesError.stageFailed("\(source) names \(path), which is not an executable file")
    }
    return PythonInterpreter(executable: path, source: source)
  }
}
