import Hashing
import Pipeline

/// The Python environment a plugin's code runs in (`synapse plugin env`, and the first half
/// of `plugin test`).
///
/// Keyed by requirements.txt, the wheels directory, the interpreter (its `sys.version` and
/// path, probed once per interpreter by ``PythonProbe``), what is installed where it looks,
/// and the package manager with its options. A plugin without requirements needs no
/// environment of its own: the output is the interpreter itself. So is an interpreter that
/// already lives in a virtual environment (the plugin's `.venv`): synapse never installs
/// into an environment it did not make. Otherwise the environment is built once per key
/// under `<cache>/envs/` (``PythonEnvironmentBuilder``) and reused by every workspace.
/// A `synapse-sdk` requirement (upstream's SDK, in plugins upstream made) is left out
/// (``RequirementsFile/withoutRuntime(_:)``): synapse's runtime is what the code imports.
///
/// Outputs: `python` (the interpreter to run), `kind` (`base`, `existing` or `venv`),
/// `installed` (the digest of the base's distributions, so an upgrade of pytest reruns the
/// tests), and for `venv` also `environment` and `manager`.
public struct EnvironmentStage: Stage {
  public static let stageName = "env"

  /// nil when the interpreter could not be found or run; ``pythonProblem`` says why, and
  /// the stage fails with it when it runs (so `synapse build` reports it beside the other
  /// stages).
  public let python: PythonIdentity?
  public let pythonProblem: String?
  public let settings: EnvironmentSettings
  public let manager: PackageManager
  public let managerWarning: String?
  /// `<cache>/envs`.
  public let environmentsDirectory: String
  /// pip's or uv's output while an environment is built.
  public let output: OutputHandler?
  let installed: String

  public init(
    python: PythonIdentity?, pythonProblem: String?, settings: EnvironmentSettings, cache: CacheDirectory,
    output: OutputHandler? = nil
  ) {
    self.python = python
    self.pythonProblem = pythonProblem
    self.settings = settings
    (manager, managerWarning) = PackageManager.resolve(settings.packageManager)
    environmentsDirectory = FilePath.join(cache.path, "envs")
    self.output = output
    installed = python?.installedDistributions() ?? ""
  }

  public var name: String { Self.stageName }
  public var version: Int { 2 }
  /// Its outputs name an interpreter and a virtualenv on this machine, under this cache
  /// directory: another machine cannot use them, and a hit could only point at nothing.
  /// The tests that use the environment are shared instead (their key holds its outputs).
  public var isRemotelyCacheable: Bool { false }
  public var inputs: [StageInput] {
    [
      .optionalFile(Self.requirements),
      .tree(name: "wheels", root: "", filter: SubtreeFilter(directory: settings.wheelsDirectory)),
      .value(name: "python", value: python?.keyText ?? "unavailable: \(pythonProblem ?? "")"),
      .value(name: "installed", value: installed),
      .value(name: "package_manager", value: manager.keyText),
      .value(name: "package_manager_options", value: settings.packageManagerOptions.joined(separator: "\u{0}")),
      .value(name: "config", value: settings.problem ?? ""),
    ]
  }

  static let requirements = "requirements.txt"

  public func run(_ context: StageContext) throws {
    if let problem = settings.problem { throw StagesError.stageFailed(problem) }
    guard let python else { throw StagesError.stageFailed(pythonProblem ?? "no Python interpreter") }
    context.setText("installed", installed)
    let written = try context.file(Self.requirements).map { _ in try context.readFile(Self.requirements) }
    let withoutRuntime = written.flatMap { RequirementsFile.withoutRuntime(String(decoding: $0, as: UTF8.self)) }
    let requirements = withoutRuntime.map { Array($0.utf8) } ?? written
    guard let requirements, Self.hasRequirements(requirements), !python.isVirtualEnvironment else {
      context.setText("python", python.executable)
      context.setText("kind", python.isVirtualEnvironment ? "existing" : "base")
      return
    }
    if let managerWarning { context.warn(managerWarning) }
    let wheels = context.tree("wheels")
    let target = FilePath.join(environmentsDirectory, environmentKey(context).hex.prefix(32).description)
    var requirementsPath = FilePath.join(context.workspace, Self.requirements)
    if withoutRuntime != nil {
      // Beside the environment: the same bytes for the same key, so writers never disagree.
      requirementsPath = target + ".requirements.txt"
      try FileSystem.createDirectory(environmentsDirectory)
      try FileSystem.writeAtomically(requirements, to: requirementsPath)
    }
    let builder = PythonEnvironmentBuilder(
      base: python, manager: manager, options: settings.packageManagerOptions,
      requirements: requirementsPath,
      wheels: wheels?.entries.isEmpty == false ? FilePath.join(context.workspace, settings.wheelsDirectory) : nil,
      workingDirectory: context.workspace, output: output)
    try builder.build(at: target)
    context.setText("python", FilePath.join(target, "bin/python"))
    context.setText("kind", "venv")
    context.setText("environment", target)
    context.setText("manager", manager.name)
  }

  /// The environment's directory name: everything that decides its contents, and nothing
  /// about the workspace, so two checkouts of a plugin share one environment.
  func environmentKey(_ context: StageContext) -> Digest {
    let encoder = KeyEncoder(domain: "python-environment")
    encoder.integer(version)
    encoder.field(context.file(Self.requirements)?.digest.hex ?? "absent")
    encoder.field(context.tree("wheels")?.digest.hex ?? "")
    encoder.field(python?.keyText ?? "")
    encoder.field(installed)
    encoder.field(manager.keyText)
    encoder.field(settings.packageManagerOptions.joined(separator: "\u{0}"))
    return encoder.finalize()
  }

  /// Whether requirements.txt asks for anything: a line that is not blank or a comment.
  static func hasRequirements(_ bytes: [UInt8]) -> Bool {
    String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).contains { line in
      let text = line.drop { $0 == " " || $0 == "\t" }
      return !text.isEmpty && !text.hasPrefix("#")
    }
  }

  /// An environment removed since it was cached (by `cache clean` or by hand) is built
  /// again rather than handed out.
  public func problemWithCachedOutputs(_ outputs: StageOutputs) -> String? {
    guard outputs.text("kind") == "venv", let environment = outputs.text("environment") else { return nil }
    if FileSystem.exists(FilePath.join(environment, PythonEnvironmentBuilder.marker)) { return nil }
    return "the environment \(environment) is gone"
  }
}
