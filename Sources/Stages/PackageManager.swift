import Pipeline

/// What installs a plugin's requirements: pip, or uv when the config asks for it and it is
/// on `PATH`.
public enum PackageManager: Sendable, Equatable {
  case pip
  case uv(path: String)

  public var name: String {
    switch self {
    case .pip: return "pip"
    case .uv: return "uv"
    }
  }

  /// The manager's part of the environment key. pip's version is in the interpreter's
  /// installed distributions; uv is a binary, so its path and `stat` stand for its version.
  public var keyText: String {
    switch self {
    case .pip: return "pip"
    case .uv(let path): return "uv \(path) \((try? PythonProbe.fingerprint(path)) ?? "")"
    }
  }

  /// The manager `setting` (from config.yaml) names, and a warning when it has to fall back.
  public static func resolve(_ setting: String, path: String? = CacheLocation.environment("PATH"))
    -> (manager: PackageManager, warning: String?)
  {
    guard setting == "uv" else { return (.pip, nil) }
    if let uv = ExecutableSearch.find("uv", path: path) { return (.uv(path: uv), nil) }
    return (
      .pip,
      "config.yaml asks for package_manager: uv, but uv is not on PATH; installed with pip instead (install uv to use it)"
    )
  }
}
