import ArgumentParser
import Pipeline
import Stages

/// `synapse plugin env`: the plugin's Python environment, built once per requirements.
struct EnvCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "env",
    abstract: "Build (or reuse) the virtual environment the plugin's code runs in; print its python.",
    discussion: """
      The environment is keyed by requirements.txt, the wheels directory (wheels_dir in \
      config.yaml, default wheels), the interpreter's version and what is installed for it, \
      and package_manager (pip, or uv when it is on PATH). It is created with \
      --system-site-packages under the cache directory, and requirements are installed from \
      the wheels directory first, offline; the package index is tried only when that is not \
      enough. Unchanged inputs reuse it at once. A plugin without requirements needs no \
      environment: the interpreter itself is printed, as is an interpreter that already lives \
      in a virtual environment (the plugin's .venv), which synapse never installs into.

      Prints the interpreter's path on stdout, and whether the environment was built or \
      cached on stderr.
      """)

  @OptionGroup var plugin: PluginOptions
  @OptionGroup var python: PythonOptions
  @OptionGroup var cache: CacheOptions
  @Flag(help: "Print one JSON object: python, kind, environment, status and the stages.") var json = false

  func run() throws {
    do {
      try execute()
    } catch let failure as CommandFailure where json {
      // Scripts reading --json get an object even when nothing could run.
      Terminal.standardOutput.write(
        JSONValue.object(["ok": .bool(false), "error": .string(failure.message)]).text + "\n")
      throw failure
    }
  }

  private func execute() throws {
    let location = try plugin.location()
    let cacheDirectory = try cache.open()
    let test = try python.prepare(location, cache: cacheDirectory, pytestArguments: nil, json: json)
    let report: BuildReport
    let outcome: PluginTest.Outcome?
    do {
      (report, outcome) = try test.run(cache: cacheDirectory, jobs: 1)
    } catch {
      throw CommandFailure(error)
    }
    if json {
      var object = report.jsonObject()
      object["ok"] = .bool(report.succeeded)
      if let outcome {
        object["python"] = .string(outcome.python)
        object["kind"] = .string(outcome.kind)
        object["status"] = .string(outcome.environmentCached ? "cached" : "built")
        if let environment = outcome.environment { object["environment"] = .string(environment) }
      }
      Terminal.standardOutput.write(JSONValue.object(object).text + "\n")
    } else {
      BuildOutput.diagnostics(report, details: !python.verbose)
      if let outcome {
        Terminal.standardOutput.write(outcome.python + "\n")
        Terminal.standardError.write(Self.describe(outcome, report: report) + "\n")
      }
    }
    if !report.succeeded { throw ExitCode.failure }
  }

  /// One line on what the environment is and whether it was built now.
  static func describe(_ outcome: PluginTest.Outcome, report: BuildReport) -> String {
    let status = outcome.environmentCached ? "cached" : "built"
    switch outcome.kind {
    case "venv":
      let took = report.stage(EnvironmentStage.stageName).map { " in " + BuildOutput.format(ms: $0.durationMs) } ?? ""
      return "\(status): environment \(outcome.environment ?? "")\(outcome.environmentCached ? "" : took)"
    case "existing":
      return "\(status): \(outcome.python) is in a virtual environment synapse does not manage; using it as is"
    default:
      return "\(status): no requirements to install; the interpreter runs the plugin as it is"
    }
  }
}
