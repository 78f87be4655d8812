import ArgumentParser
import Pipeline
import Stages

/// `--python` and `--verbose`, shared by `plugin env` and `plugin test`.
struct PythonOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Python interpreter (default: $SYNAPSE_PYTHON, else the plugin's .venv, else python3 on PATH).",
      valueName: "python"))
  var python: String?

  @Flag(name: [.short, .long], help: "Show pip's and pytest's output (a cached test run replays it).")
  var verbose = false

  /// Prepares the stages; output goes to `stream` as it arrives when `--verbose`.
  func prepare(
    _ location: PluginLocation, cache: CacheDirectory, pytestArguments: [String]?, json: Bool
  ) throws -> PluginTest {
    let live = verbose && !json
    let toStandardError: OutputHandler = { chunk in Terminal.standardError.write(chunk) }
    let toStandardOutput: OutputHandler = { chunk in Terminal.standardOutput.write(chunk) }
    do {
      return try PluginTest.prepare(
        location: location, python: python, cache: cache, pytestArguments: pytestArguments,
        environmentOutput: live ? toStandardError : nil, testOutput: live ? toStandardOutput : nil)
    } catch {
      throw CommandFailure(error)
    }
  }
}
