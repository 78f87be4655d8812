import FoundationEssentials
import Glibc
import Pipeline

/// Makes one virtual environment under the cache and installs a plugin's requirements
/// into it.
///
/// - **In place, under a lock, with a completion marker.** A virtual environment cannot be
///   moved: its scripts' `#!` lines and `activate` name its directory. So it is built at its
///   final path while `<dir>.lock` is held, and `synapse-environment.json` is written last;
///   a directory without the marker is what a killed or failed build left, and is removed
///   before building again. A failed install removes the directory, so nothing half-built
///   is ever used.
/// - **`--system-site-packages`**: the runtime's own dependencies (pydantic, PyYAML) and
///   pytest come from the base interpreter, without network and without copies; with pip,
///   `--without-pip` too, because the base's pip installs into the new environment when run
///   by its interpreter (a second of ensurepip saved).
/// - **Local wheels first.** The first attempt is offline: `--no-index`, `--find-links` the
///   wheels directory; requirements the base interpreter already satisfies need nothing
///   more. Only when that fails is the package index tried (still with `--find-links`).
struct PythonEnvironmentBuilder {
  let base: PythonIdentity
  let manager: PackageManager
  let options: [String]
  /// Absolute path of requirements.txt.
  let requirements: String
  /// Absolute path of the wheels directory, when it holds files.
  let wheels: String?
  /// Where pip runs (the plugin directory), so relative paths in requirements.txt resolve.
  let workingDirectory: String
  let output: OutputHandler?

  static let marker = "synapse-environment.json"

  /// Builds the environment at `target` unless a complete one is there.
  /// - Returns: false when it was already there (built by another process or workspace).
  @discardableResult
  func build(at target: String) throws -> Bool {
    try FileSystem.createDirectory(FilePath.parent(of: target))
    let lock = try FileLock(path: target + ".lock")
    try lock.lock(.exclusive)
    defer { lock.unlock() }
    if FileSystem.exists(FilePath.join(target, Self.marker)) { return false }
    try FileSystem.removeTree(target)
    do {
      try create(target)
      let offline = try install(into: target)
      let record: JSONValue = .object([
        "python": .string(base.executable), "release": .string(base.release),
        "package_manager": .string(manager.name), "offline": .bool(offline),
      ])
      try FileSystem.writeAtomically(Array((record.text + "\n").utf8), to: FilePath.join(target, Self.marker))
    } catch {
      try? FileSystem.removeTree(target)
      throw error
    }
    return true
  }

  private func create(_ target: String) throws {
    let result: ChildProcess.Result
    switch manager {
    case .pip:
      var arguments = ["-m", "venv", "--system-site-packages"]
      if base.hasPip { arguments.append("--without-pip") }
      result = try run(base.executable, arguments + [target])
    case .uv(let uv):
      result = try run(uv, ["venv", "--system-site-packages", "--python", base.executable, target])
    }
    guard result.status == 0 else {
      let hint =
        manager == .pip
        ? "; install the venv module for \(base.executable) (python3-venv on Debian), or set package_manager: uv"
        : ""
      throw EnvironmentBuildFailure(
        description: "cannot create a virtual environment with \(manager.name) (exit \(result.status))\(hint)",
        details: result.text)
    }
  }

  /// Installs requirements.txt, offline first. Returns whether the offline attempt was enough.
  private func install(into target: String) throws -> Bool {
    let python = FilePath.join(target, "bin/python")
    var common = ["-r", requirements]
    if let wheels { common += ["--find-links", wheels] }
    common += options
    func attempt(offline: Bool) throws -> ChildProcess.Result {
      switch manager {
      case .pip:
        return try run(
          python,
          ["-m", "pip", "install", "--disable-pip-version-check", "--no-input"] + common
            + (offline ? ["--no-index"] : []))
      case .uv(let uv):
        return try run(uv, ["pip", "install", "--python", python] + common + (offline ? ["--no-index"] : []))
      }
    }
    let first = try attempt(offline: true)
    if first.status == 0 { return true }
    output?(
      Array("synapse: not every requirement is in the wheels directory or installed; trying the package index\n".utf8))
    let second = try attempt(offline: false)
    guard second.status == 0 else {
      throw EnvironmentBuildFailure(
        description:
          "\(manager.name) could not install requirements.txt (exit \(second.status)); nothing was kept. "
          + "Fix requirements.txt, or put the wheels it needs in the plugin's wheels directory",
        details: second.text)
    }
    return false
  }

  private func run(_ executable: String, _ arguments: [String]) throws -> ChildProcess.Result {
    // The environment's contents must not depend on what the caller's shell adds to
    // Python's path, and a stray PIP_USER would make pip refuse to install into it.
    try ChildProcess.run(
      executable, arguments,
      environment: [
        "PYTHONPATH": nil, "PYTHONHOME": nil, "PIP_USER": nil, "VIRTUAL_ENV": nil, "PIP_NO_INPUT": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
      ],
      workingDirectory: workingDirectory, output: output)
  }
}
