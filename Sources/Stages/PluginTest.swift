import Pipeline

/// `synapse plugin env` (the environment stage alone) and `synapse plugin test` (the
/// environment, then pytest); `synapse build` adds the same two stages to its graph, so
/// the three share cache entries.
public struct PluginTest: Sendable {
  public let location: PluginLocation
  public let environment: EnvironmentStage
  /// nil for `plugin env`.
  public let pytest: PytestStage?

  public init(location: PluginLocation, environment: EnvironmentStage, pytest: PytestStage?) {
    self.location = location
    self.environment = environment
    self.pytest = pytest
  }

  /// Whether `synapse build` runs the tests: the plugin has a `tests/` directory.
  public static func hasTests(_ location: PluginLocation) -> Bool {
    FileSystem.isDirectory(FilePath.join(location.directory, "tests"))
  }

  /// Resolves the interpreter and reads the environment settings.
  /// - Parameters:
  ///   - python: `--python`, if given.
  ///   - pytestArguments: nil for the environment alone.
  ///   - after: Stages the tests wait for (validation, in a build).
  /// - Throws: When `--python` or `SYNAPSE_PYTHON` names no executable file. An interpreter
  ///   that cannot be found or run otherwise fails the environment stage, so a build
  ///   reports it beside its other stages.
  public static func prepare(
    location: PluginLocation, python: String?, cache: CacheDirectory, pytestArguments: [String]?,
    after: [String] = [], environmentOutput: OutputHandler? = nil, testOutput: OutputHandler? = nil
  ) throws -> PluginTest {
    let interpreter = try PythonInterpreter.resolve(explicit: python, pluginDirectory: location.directory)
    var identity: PythonIdentity?
    var problem: String?
    do {
      identity = try PythonProbe.identify(interpreter, cache: cache)
    } catch {
      problem = "\(error)"
    }
    let environment = EnvironmentStage(
      python: identity, pythonProblem: problem, settings: EnvironmentSettings.read(location), cache: cache,
      output: environmentOutput)
    let pytest = pytestArguments.map {
      PytestStage(arguments: $0, after: after, cache: cache, output: testOutput)
    }
    return PluginTest(location: location, environment: environment, pytest: pytest)
  }

  public var stages: [any Stage] {
    [environment] + (pytest.map { [$0] } ?? [])
  }

  /// What the environment and the tests came to.
  public struct Outcome: Sendable, Equatable {
    /// The interpreter plugin code runs with.
    public let python: String
    /// `base`, `existing` or `venv` (see ``EnvironmentStage``).
    public let kind: String
    public let environment: String?
    public let environmentCached: Bool
    /// For `plugin test`: pytest's counts, whether they came from the cache, and where its
    /// stored output is.
    public let summary: String?
    public let duration: String?
    public let testsCached: Bool
    public let outputPath: String?
  }

  public func run(cache: CacheDirectory, jobs: Int, remote: (any RemoteCache)? = nil) throws -> (BuildReport, Outcome?)
  {
    let report = try Engine(cache: cache, workspace: location.directory, remote: remote)
      .build(try Graph(stages), jobs: jobs)
    return (report, Self.outcome(from: report, cache: cache))
  }

  /// The outcome of a report whose graph held these stages (also `synapse build`'s).
  public static func outcome(from report: BuildReport, cache: CacheDirectory) -> Outcome? {
    guard let env = report.outputs[EnvironmentStage.stageName], let python = env.text("python"),
      let envReport = report.stage(EnvironmentStage.stageName)
    else { return nil }
    let tests = report.outputs[PytestStage.stageName]
    return Outcome(
      python: python, kind: env.text("kind") ?? "base", environment: env.text("environment"),
      environmentCached: envReport.status == .cached, summary: tests?.text("summary"),
      duration: tests?.text("duration"),
      testsCached: report.stage(PytestStage.stageName)?.status == .cached,
      outputPath: tests?.blob("output").map { cache.content.path(for: $0.digest) })
  }
}
