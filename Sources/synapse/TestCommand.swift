import ArgumentParser
import Pipeline
import Stages

/// `synapse plugin test`: the plugin's pytest suite, as a cached stage.
struct TestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test",
    abstract: "Run the plugin's tests with pytest in its environment, cached.",
    discussion: """
      Runs `python -m pytest -p no:cacheprovider [PYTEST_ARGS]` in the plugin directory, in \
      the environment `synapse plugin env` builds, with the synapse runtime (synapse_sdk) on \
      PYTHONPATH and nothing written into the plugin. A passing run is cached under the \
      plugin's sources (after .gitignore, tests included), the environment, the runtime and \
      the arguments: run again with nothing changed, it answers `cached: 12 passed` at once. \
      A failing run is never cached, and exits 1 with pytest's output.
      """)

  @OptionGroup var plugin: PluginOptions
  @OptionGroup var python: PythonOptions
  @OptionGroup var cache: CacheOptions
  @Option(name: .customLong("remote-cache"), help: RemoteCacheOptions.urlHelp)
  var remoteCacheURL: String?
  @Option(name: .customLong("remote-cache-header"), help: RemoteCacheOptions.headerHelp)
  var remoteCacheHeaders: [String] = []
  @Flag(name: .customLong("remote-cache-read-only"), help: RemoteCacheOptions.readOnlyHelp)
  var remoteCacheReadOnly = false
  @Flag(name: .customLong("remote-cache-write"), help: RemoteCacheOptions.writeHelp)
  var remoteCacheWrite = false
  var remoteCache: RemoteCacheOptions {
    RemoteCacheOptions(
      url: remoteCacheURL, headers: remoteCacheHeaders, readOnly: remoteCacheReadOnly, write: remoteCacheWrite)
  }
  @Flag(help: "Print one JSON object: ok, cached, summary, python and the stages.") var json = false

  @Argument(parsing: .postTerminator, help: ArgumentHelp("Arguments for pytest, after --.", valueName: "pytest-args"))
  var pytestArguments: [String] = []

  func validate() throws {
    _ = try remoteCache.make()
  }

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
    let remote = try remoteCache.make()
    let test = try python.prepare(location, cache: cacheDirectory, pytestArguments: pytestArguments, json: json)
    let report: BuildReport
    let outcome: PluginTest.Outcome?
    do {
      (report, outcome) = try test.run(cache: cacheDirectory, jobs: 1, remote: remote)
    } catch {
      throw CommandFailure(error)
    }
    let stored = outcome?.outputPath.flatMap { try? FileSystem.readFile($0) }
    if json {
      var object = report.jsonObject()
      object["ok"] = .bool(report.succeeded)
      object["cached"] = .bool(outcome?.testsCached ?? false)
      if let outcome {
        object["python"] = .string(outcome.python)
        if let summary = outcome.summary { object["summary"] = .string(summary) }
        if let duration = outcome.duration, !duration.isEmpty { object["duration"] = .string(duration) }
      }
      if python.verbose, let stored { object["output"] = .string(String(decoding: stored, as: UTF8.self)) }
      Terminal.standardOutput.write(JSONValue.object(object).text + "\n")
    } else {
      // With --verbose the output was shown as pytest wrote it; a cached run replays it.
      BuildOutput.diagnostics(report, details: !python.verbose)
      if let outcome, let summary = outcome.summary {
        if outcome.testsCached {
          if python.verbose, let stored { Terminal.standardOutput.write(stored) }
          Terminal.standardOutput.write("cached: \(summary)\n")
        } else {
          let duration = outcome.duration.map { $0.isEmpty ? "" : " in " + $0 } ?? ""
          Terminal.standardOutput.write("\(summary)\(duration)\n")
        }
      }
    }
    if !report.succeeded { throw ExitCode.failure }
  }
}
