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
    abstract: "Run one action of the plugin: here, on a Ray cluster, or on the Synapse backend.",
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
      default ~/.synapse/local).

      --mode job runs the action as a job on a Ray cluster through its Jobs API (no Ray \
      needed here): the build's archive is the job's working_dir and the runtime its \
      py_modules, both uploaded only when the cluster lacks them (content-addressed); \
      requirements.txt and bundled wheels become its pip section; config.yaml's env and \
      runtime_env are merged in; --cpus/--gpus reserve resources for it. Its log is followed \
      and rendered as above; Ctrl-C stops the job (a second Ctrl-C stops waiting). \
      --mode task runs it as a Ray task with --cpus/--gpus from a short-lived driver job. \
      The cluster: --ray-address, else $RAY_ADDRESS, else http://127.0.0.1:8265; \
      --ray-token or $RAY_AUTH_TOKEN for token auth. Exit status: 0 success, 1 failure, \
      130 stopped by Ctrl-C. See `synapse plugin job` for jobs already submitted.

      --mode remote asks the Synapse backend to run the action on the agent of \
      ~/.synapse/config.json (or --agent) with POST /plugins/<code>/run/, then follows the \
      job it starts (--detach returns at once).
      """)

  @Argument(help: "The action to run (a key of config.yaml's actions).")
  var action: String

  @Option(
    name: [.short, .customLong("plugin")], help: ArgumentHelp("Plugin code (remote mode only).", valueName: "code"))
  var plugin: String?

  @Option(help: ArgumentHelp("Plugin directory (default: the current directory).", valueName: "dir"))
  var path: String?

  @Option(help: ArgumentHelp("Parameters as a JSON object, or @file.json.", valueName: "json"))
  var params: String?

  @Option(name: [.short, .customLong("mode")], help: ArgumentHelp("local, task, job or remote.", valueName: "mode"))
  var mode: String = "local"

  @Flag(
    inversion: .prefixedNo,
    help:
      "Show the traceback of a failure (and, on Ray, Ray's own log lines); --mode remote: the debug flag sent, on by default."
  )
  var debug: Bool?

  @Option(help: ArgumentHelp("GPUs for the action (task and job modes; ignored locally).", valueName: "n"))
  var gpus: Double?

  @Option(help: ArgumentHelp("CPUs for the action (task and job modes; ignored locally).", valueName: "n"))
  var cpus: Double?

  @Option(help: ArgumentHelp("Python interpreter to run the action with.", valueName: "path"))
  var python: String?

  @Flag(help: "Print the action's events as JSON lines on stdout.")
  var json = false

  @Option(
    name: .customLong("job-id"),
    help: ArgumentHelp(
      "Submission id for --mode job/task (default: synapse-<code>-<action>-<random>).", valueName: "id"))
  var jobID: String?

  @Flag(help: "job, task, remote: submit, print the job id and return without following the job.")
  var detach = false

  @OptionGroup(title: "Ray (--mode job, task)") var ray: RayOptions

  @OptionGroup(title: "Synapse backend (--mode remote; the token is also passed to Ray jobs)") var backend:
    BackendOptions

  @Option(
    help: ArgumentHelp("--mode remote: the agent's id (default: agent.id in ~/.synapse/config.json).", valueName: "id"))
  var agent: Int?

  @Option(
    name: [.short, .customLong("lang")],
    help: ArgumentHelp("--mode remote: the language (default: ko).", valueName: "code"))
  var lang: String?

  @Option(
    name: [.short, .customLong("input")],
    help: ArgumentHelp("--mode remote, infer: the input as JSON.", valueName: "json"))
  var input: String?

  @Option(
    name: .customLong("infer-path"), help: ArgumentHelp("--mode remote, infer: the path to call.", valueName: "path"))
  var inferPath: String = "/"

  @OptionGroup var http: HTTPOptions

  @OptionGroup var cache: CacheOptions

  func validate() throws {
    if let cpus, cpus < 0 { throw ValidationError("--cpus must be 0 or more") }
    if let gpus, gpus < 0 { throw ValidationError("--gpus must be 0 or more") }
  }

  func run() throws {
    switch mode {
    case "local": break
    case "job", "jobs-api": return try runOnRay(.job)
    case "task": return try runOnRay(.task)
    case "remote": return try runRemote()
    default: throw CommandFailure(message: "invalid mode \"\(mode)\"; use local, task, job or remote")
    }
    let paramsJSON = try readParams()
    let location = try pluginLocation()
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

  /// The plugin `--path` names (default: the current directory).
  func pluginLocation() throws -> PluginLocation {
    do {
      return try PluginLocation.resolve(path: path, config: nil)
    } catch {
      throw CommandFailure(error)
    }
  }

  /// The params as compact JSON text: a JSON object, given inline or as @file.
  func readParams() throws -> String {
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
  func checkPlugin(_ location: PluginLocation, cache: CacheDirectory) throws {
    let build = PluginBuild(location: location, sourceDateEpoch: nil)
    let report: BuildReport
    do {
      report = try Engine(cache: cache, workspace: location.directory)
        .build(try build.graph(), targets: [ValidateStage.stageName], jobs: CPU.count)
    } catch {
      throw CommandFailure(error)
    }
    let err = Terminal.standardError
    for warning in report.warnings + report.stages.flatMap(\.warnings) {
      err.write("warning: \(TerminalText.escaped(warning))\n")
    }
    for stage in report.stages where stage.status == .failed {
      for line in (stage.error ?? "").split(separator: "\n") {
        err.write("warning: \(TerminalText.escaped(String(line)))\n")
      }
    }
  }
}
