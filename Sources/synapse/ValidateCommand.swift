import ArgumentParser
import Glibc
import Pipeline
import Stages

/// `synapse plugin validate`.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check config.yaml against the schema and the plugin's code.",
    discussion: """
      Reports every problem at once as FILE:LINE:COLUMN: MESSAGE: schema errors (types, \
      enums, required fields, code format), entrypoints whose module, class or function does \
      not exist, input/output types that contradict the code, and \
      requirements.txt lines pip cannot read. Warnings (a neural_net plugin without \
      data_type, a config out of step with the code, code too dynamic to read, an entrypoint \
      naming a plain class or a function, which the platform may not be able to run) do not \
      fail, unless --strict makes them errors. \
      Runs as cached stages: a second run with nothing changed reads no file twice.
      """)

  @OptionGroup var plugin: PluginOptions
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
  @Flag(help: "Print one JSON object with the stages and their reasons.") var json = false
  @Flag(help: "Treat warnings as errors: the same messages, marked error:, and exit status 1.") var strict = false
  @Flag(
    help: "Validate what git has staged (the index), in each plugin the staged change touches: for pre-commit hooks.")
  var staged = false
  @Option(name: .short, help: ArgumentHelp("Stages to run at once (default: the number of cores).", valueName: "n"))
  var jobs: Int?

  func validate() throws {
    _ = try remoteCache.make()
  }

  func run() throws {
    if staged {
      let remote = try remoteCache.make()
      let passed = try StagedPluginRun.run(path: plugin.path) { staged in
        let report = try PluginValidation(location: staged.location).run(
          cache: try cache.open(), jobs: jobs ?? CPU.count, remote: remote)
        BuildOutput.diagnostics(report, located: staged.located, strict: strict)
        let passed = report.succeeded && !BuildOutput.failsStrict(report, strict: strict)
        if passed { Terminal.standardOutput.write("\(staged.displayConfig) is valid (staged)\n") }
        return passed
      }
      if !passed { throw ExitCode.failure }
      return
    }
    let location = try plugin.location()
    let remote = try remoteCache.make()
    let report: BuildReport
    do {
      report = try PluginValidation(location: location).run(
        cache: try cache.open(), jobs: jobs ?? CPU.count, remote: remote)
    } catch let error as CommandFailure {
      throw error
    } catch {
      throw CommandFailure(error)
    }
    let passed = report.succeeded && !BuildOutput.failsStrict(report, strict: strict)
    if json {
      var object = report.jsonObject()
      object["ok"] = .bool(passed)
      Terminal.standardOutput.write(JSONValue.object(object).text + "\n")
    } else {
      BuildOutput.diagnostics(report, strict: strict)
      if passed {
        let count = Int(report.outputs[ValidateStage.stageName]?.text("actions") ?? "0") ?? 0
        Terminal.standardOutput.write("\(location.configPath) is valid (\(count) action\(count == 1 ? "" : "s"))\n")
      }
    }
    if !passed { throw ExitCode.failure }
  }
}

/// The number of online processors: the default for `-j`.
enum CPU {
  static var count: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
