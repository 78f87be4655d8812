import FoundationEssentials
import Pipeline

/// Runs the plugin's pytest suite in the environment ``EnvironmentStage`` made, with the
/// embedded runtime importable (`synapse plugin test`, and a stage of `synapse build` when
/// the plugin has `tests/`).
///
/// Keyed by the plugin's sources as its tests see them, the environment, the runtime's
/// digest and pytest's arguments, so an unchanged plugin answers from the cache, and a
/// failure (never cached) runs again. The sources are the plugin directory after the
/// built-in excludes and `.gitignore`, but not `.synapseignore`: that file says what ships,
/// and usually leaves out `tests/` itself, while the tests depend on everything that is
/// source, conftest.py and pytest's configuration (pyproject.toml, pytest.ini, setup.cfg,
/// tox.ini) included.
///
/// Nothing is written into the plugin: `-p no:cacheprovider` (no `.pytest_cache`) and
/// `PYTHONDONTWRITEBYTECODE=1` (no `__pycache__`, which pytest's assertion rewriting
/// honours); `tmp_path` lives under the system's temporary directory.
///
/// Outputs: `summary` (`12 passed, 1 skipped`), `duration` and the `output` blob (pytest's
/// output, replayed by `plugin test --verbose` on a hit).
public struct PytestStage: Stage {
  public static let stageName = "test"

  public let arguments: [String]
  /// Stages to wait for without reading them (validation, in `synapse build`).
  public let after: [String]
  let cache: CacheDirectory
  /// `PYTEST_ADDOPTS` changes what pytest runs, so it enters the key.
  let addopts: String?
  /// pytest's output as it runs.
  public let output: OutputHandler?

  public init(
    arguments: [String], after: [String] = [], cache: CacheDirectory,
    addopts: String? = CacheLocation.environment("PYTEST_ADDOPTS"), output: OutputHandler? = nil
  ) {
    self.arguments = arguments
    self.after = after
    self.cache = cache
    self.addopts = addopts
    self.output = output
  }

  public var name: String { Self.stageName }
  public var version: Int { 1 }
  public var inputs: [StageInput] {
    let encoder = JSONEncoder()
    let args = (try? encoder.encode(arguments)).map { String(decoding: $0, as: UTF8.self) } ?? "\(arguments)"
    return [
      .stage(EnvironmentStage.stageName),
      .tree(name: "sources", root: "", filter: PluginIgnoreFilter(ruleFiles: [".gitignore"])),
      .value(name: "runtime", value: PythonRuntime.digest),
      .value(name: "arguments", value: args),
      .value(name: "PYTEST_ADDOPTS", value: addopts ?? ""),
    ] + after.map { .after($0) }
  }

  /// The arguments synapse always passes, before the user's: `python -m pytest`, with one
  /// plugin of ours (``bootstrap``), and without the cache provider.
  static let fixedArguments = ["-c", bootstrap, "-p", "no:cacheprovider"]

  /// `python -m pytest` plus a plugin that keeps other plugins' default writes out of the
  /// plugin directory, in a temporary directory removed at exit: pytest-benchmark creates
  /// `./.benchmarks` when it starts, whether or not a test benchmarks anything, and
  /// Hypothesis writes `./.hypothesis` as soon as a test module imports it. A location the
  /// user chose (`--benchmark-storage`, `HYPOTHESIS_STORAGE_DIRECTORY`) is left alone.
  static let bootstrap = """
    import atexit, os, shutil, sys, tempfile
    import pytest

    scratch = tempfile.mkdtemp(prefix="synapse-pytest-")
    atexit.register(shutil.rmtree, scratch, True)
    os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", scratch + "/hypothesis")

    class SynapseNoWrites:
        @pytest.hookimpl(tryfirst=True)
        def pytest_configure(self, config):
            if getattr(config.option, "benchmark_storage", None) == "file://./.benchmarks":
                config.option.benchmark_storage = "file://" + scratch + "/benchmarks"

    sys.exit(pytest.main(plugins=[SynapseNoWrites()]))
    """

  public func run(_ context: StageContext) throws {
    let environment = try context.outputs(of: EnvironmentStage.stageName)
    guard let python = environment.text("python") else {
      throw PipelineError.missingOutput(stage: EnvironmentStage.stageName, output: "python")
    }
    let runtime = try PythonRuntime.install(in: cache)
    var variables: [String: String?] = [
      "PYTHONPATH": runtime + ":" + context.workspace,
      "PYTHONDONTWRITEBYTECODE": "1",
      "PYTHONHOME": nil,
    ]
    // Run as if the environment were activated, so tests that start `python` or an
    // installed script get the environment's.
    if environment.text("kind") != "base" {
      let bin = FilePath.parent(of: python)
      variables["PATH"] = bin + ":" + (CacheLocation.environment("PATH") ?? "/usr/bin:/bin")
      variables["VIRTUAL_ENV"] = FilePath.parent(of: bin)
    }
    let result = try ChildProcess.run(
      python, Self.fixedArguments + arguments, environment: variables, workingDirectory: context.workspace,
      output: output)
    let summary = PytestSummary.parse(result.text)
    switch result.status {
    case 0:
      break
    case 5:
      // pytest's "no tests collected": nothing failed, but say so.
      context.warn("pytest collected no tests (in tests/ or as its configuration says)")
    default:
      throw PytestFailure(status: result.status, summary: summary, details: result.text, python: python)
    }
    context.setText("summary", summary?.text ?? "no tests ran")
    context.setText("duration", summary?.duration ?? "")
    try context.setBlob("output", result.output)
  }
}
