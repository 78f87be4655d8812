import ArgumentParser
import Glibc
import Pipeline
import Schema
import Stages
import YAML

/// `synapse plugin run ACTION`: runs one action of the plugin and shows what it reports.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run one action of the plugin (--mode local).",
    discussion: """
      Runs the action in a Python child process with synapse's runtime (synapse_sdk, embedded \
      in synapse and unpacked once into the cache) and the plugin on the path, and config.yaml's \
      env applied. Logs, progress (a bar per category on a terminal), metrics and the result \
      are shown as the action reports them; --json prints the event stream instead, one JSON \
      object per line. Exit status: 0 success, 1 failure (the error's class, message and \
      details; --debug adds the traceback), 130 when interrupted (Ctrl-C is passed on to the \
      action).

      Python: --python, else $SYNAPSE_PYTHON, else the plugin's .venv, else python3 on PATH; \
      when the plugin has requirements, a virtualenv with them built on that interpreter (see \
      `synapse plugin env`). \
      Datasets, checkpoints and models come from the local store ($SYNAPSE_LOCAL_STORE, \
      default ~/.synapse/local). Only --mode local is available in this version.
      """)

  @Argument(help: "The action to run (a key of config.yaml's actions).")
  var action: String

  @Option(name: [.short, .customLong("plugin")], help: ArgumentHelp("Plugin code (remote mode only).", valueName: "code"))
  var plugin: String?

  @Option(help: ArgumentHelp("Plugin directory (default: the current directory).", valueName: "dir"))
  var path: String?

  @Option(help: ArgumentHelp("Parameters as a JSON object, or @file.json.", valueName: "json"))
  var params: String?

  @Option(name: [.short, .customLong("mode")], help: ArgumentHelp("local (default), task, job or remote.", valueName: "mode"))
  var mode: String = "local"

  @Flag(inversion: .prefixedNo, help: "Show the traceback of a failure.")
  var debug: Bool?

  @Option(help: ArgumentHelp("GPUs for the action (task and job modes; ignored locally).", valueName: "n"))
  var gpus: Int?

  @Option(help: ArgumentHelp("CPUs for the action (task and job modes; ignored locally).", valueName: "n"))
  var cpus: Int?

  @Option(help: ArgumentHelp("Python interpreter to run the action with.", valueName: "path"))
  var python: String?

  @Flag(help: "Print the action's events as JSON lines on stdout.")
  var json = false

  @OptionGroup var cache: CacheOptions

  func run() throws {
    guard mode == "local" else {
      guard ["task", "job", "remote", "jobs-api"].contains(mode) else {
        throw CommandFailure(message: "invalid mode \"\(mode)\"; use local, task, job or remote")
      }
      throw CommandFailure(message: "--mode \(mode) is not available in this version of synapse; use --mode local")
    }
    let paramsJSON = try readParams()
    let location: PluginLocation
    do {
      location = try PluginLocation.resolve(path: path, config: nil)
    } catch {
      throw CommandFailure(error)
    }
    let cacheDirectory = try cache.open()
    try checkPlugin(location, cache: cacheDirectory)
    let runtimePath: String
    let interpreter: PythonInterpreter
    do {
      runtimePath = try PythonRuntime.install(in: cacheDirectory)
      interpreter = try environment(location, cache: cacheDirectory)
    } catch let failure as CommandFailure {
      throw failure
    } catch {
      throw CommandFailure(error)
    }
    let run = LocalActionRun(
      interpreter: interpreter, runtimePath: runtimePath, pluginDirectory: location.directory, action: action,
      paramsJSON: paramsJSON, jobID: "local-" + String(UInt32.random(in: 0...UInt32.max), radix: 16),
      bytecodeDirectory: FilePath.join(cacheDirectory.path, "pycache"))
    let renderer = RunRenderer(json: json, debug: debug ?? false)
    Interrupts.forwardToChild()
    defer { Interrupts.restore() }
    let termination: LocalActionRun.Termination
    do {
      termination = try run.run { event, line in renderer.handle(event, line: line) }
    } catch {
      throw CommandFailure(error)
    }
    let status = renderer.finish(termination, interrupted: Interrupts.received)
    if status != 0 { throw ExitCode(status) }
  }

  /// The interpreter the action runs with: the environment stage's (cached; a virtualenv
  /// with the plugin's requirements when it has any), as `plugin test` uses.
  private func environment(_ location: PluginLocation, cache: CacheDirectory) throws -> PythonInterpreter {
    let setup = try PluginTest.prepare(location: location, python: python, cache: cache, pytestArguments: nil)
    let (report, outcome) = try setup.run(cache: cache, jobs: CPU.count)
    guard report.succeeded, let outcome else {
      BuildOutput.diagnostics(report)
      throw ExitCode.failure
    }
    return PythonInterpreter(executable: outcome.python, source: "the \(outcome.kind) environment")
  }

  /// The params as compact JSON text: a JSON object, given inline or as @file.
  private func readParams() throws -> String {
    guard var text = params else { return "{}" }
    if text.hasPrefix("@") {
      let file = FilePath.absolute(String(text.dropFirst()), relativeTo: FileSystem.currentDirectory())
      do {
        text = String(decoding: try FileSystem.readFile(file), as: UTF8.self)
      } catch {
        throw CommandFailure(message: "--params: cannot read \(file): \(error)")
      }
    }
    do {
      let value = try JSONReader.parse(Array(text.utf8))
      guard case .mapping = value else {
        throw CommandFailure(message: "--params must be a JSON object, such as '{\"epochs\": 5}'")
      }
    } catch let failure as CommandFailure {
      throw failure
    } catch {
      throw CommandFailure(message: "invalid JSON in --params: \(error)")
    }
    return text
  }

  /// Validation before running (cached), shown as warnings: a config out of step with the
  /// code, or an action that is not written yet, should not stop the action being worked on
  /// from running (the runtime reports what actually prevents it).
  private func checkPlugin(_ location: PluginLocation, cache: CacheDirectory) throws {
    let build = PluginBuild(location: location, sourceDateEpoch: nil)
    let report: BuildReport
    do {
      report = try Engine(cache: cache, workspace: location.directory)
        .build(try build.graph(), targets: [ValidateStage.stageName], jobs: CPU.count)
    } catch {
      throw CommandFailure(error)
    }
    let err = Terminal.standardError
    for warning in report.warnings + report.stages.flatMap(\.warnings) { err.write("warning: \(warning)\n") }
    for stage in report.stages where stage.status == .failed {
      for line in (stage.error ?? "").split(separator: "\n") { err.write("warning: \(line)\n") }
    }
  }
}
