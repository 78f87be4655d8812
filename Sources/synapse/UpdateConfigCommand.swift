import ArgumentParser
import Pipeline
import Stages

/// `synapse plugin update-config`.
struct UpdateConfigCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "update-config",
    abstract: "Bring config.yaml in line with the plugin's code, keeping its formatting.",
    discussion: """
      Reads the action classes from the Python source (without importing it) and updates \
      entrypoints, new actions, input/output types and train hyperparameter schemas. Only \
      the values that change are rewritten: comments, blank lines, key order, quoting and \
      indentation stay as they are, and nothing is written when nothing changed. An \
      entrypoint in module:Class form and a method written in the file are kept. With \
      --check nothing is written and the exit status is 1 when the file states something \
      the code contradicts (an entrypoint, a type or a parameter form that differs, an \
      action written as a legacy string), for CI and git hooks. What the file only leaves \
      out (types, parameter forms, actions the code adds) is listed but passes: the \
      archive's config.yaml is synced with the code either way. --strict fails on that too.
      """)

  @OptionGroup var plugin: PluginOptions
  @OptionGroup var cache: CacheOptions
  @Flag(help: "Write nothing; exit 1 and list the changes if config.yaml contradicts the code.") var check = false
  @Flag(help: "With --check: exit 1 also when config.yaml only leaves out what the code adds.") var strict = false
  @Flag(help: "Print one JSON object with the changes.") var json = false
  @Flag(help: "With --check: check what git has staged, in each plugin the staged change touches.")
  var staged = false

  func validate() throws {
    if staged && !check { throw ValidationError("--staged works with --check only (it never writes)") }
    if strict && !check { throw ValidationError("--strict works with --check only") }
  }

  /// Whether `--check` fails on these changes: always with `--strict`, otherwise only when
  /// a change replaces a value the file states.
  func failsCheck(_ changes: [ConfigSync.ActionChanges]) -> Bool {
    strict ? !changes.isEmpty : changes.contains { $0.rewritesWrittenValues }
  }

  /// The heading `--check` prints over a list of changes.
  func checkHeading(_ name: String, _ changes: [ConfigSync.ActionChanges], staged: Bool) -> String {
    let suffix = staged ? " (staged)" : ""
    if failsCheck(changes) { return "\(name) is out of date\(suffix):" }
    return "\(name) is up to date\(suffix); update-config would add what the code declares "
      + "(the archive's config.yaml has it already):"
  }

  func run() throws {
    if staged {
      let passed = try StagedPluginRun.run(path: plugin.path) { staged in
        let result = try ConfigUpdate(location: staged.location).run(
          cache: try cache.open(), jobs: CPU.count, check: true)
        for warning in result.warnings {
          Terminal.standardError.write("warning: \(TerminalText.escaped(staged.located(warning)))\n")
        }
        if result.changes.isEmpty {
          Terminal.standardOutput.write("\(staged.displayConfig) is up to date (staged)\n")
          return true
        }
        Terminal.standardOutput.write(
          checkHeading(staged.displayConfig, result.changes, staged: true) + "\n"
            + result.changes.map { "  \($0)\n" }.joined())
        return !failsCheck(result.changes)
      }
      if !passed { throw ExitCode.failure }
      return
    }
    let location = try plugin.location()
    let result: ConfigUpdate.Result
    do {
      result = try ConfigUpdate(location: location).run(cache: try cache.open(), jobs: CPU.count, check: check)
    } catch let error as CommandFailure {
      throw error
    } catch {
      // Every problem on its own marked line; the file is untouched.
      if json {
        Terminal.standardOutput.write(JSONValue.object(["ok": .bool(false), "error": .string("\(error)")]).text + "\n")
      }
      for line in "\(error)".split(separator: "\n") {
        Terminal.standardError.write("error: \(TerminalText.escaped(String(line)))\n")
      }
      throw ExitCode.failure
    }
    if json {
      let object: JSONValue = .object([
        "ok": .bool(!(check && failsCheck(result.changes))), "written": .bool(result.wrote),
        "config": .string(location.configAbsolutePath),
        "changes": .object(
          Dictionary(
            uniqueKeysWithValues: result.changes.map { ($0.action, JSONValue.array($0.changes.map(JSONValue.string))) })
        ),
        "warnings": .array(result.warnings.map(JSONValue.string)),
      ])
      Terminal.standardOutput.write(object.text + "\n")
    } else {
      for warning in result.warnings { Terminal.standardError.write("warning: \(TerminalText.escaped(warning))\n") }
      let name = location.configPath
      if result.changes.isEmpty {
        Terminal.standardOutput.write("\(name) is up to date\n")
      } else {
        let heading = check ? checkHeading(name, result.changes, staged: false) : "Updated \(name):"
        Terminal.standardOutput.write(heading + "\n" + result.changes.map { "  \($0)\n" }.joined())
      }
    }
    if check && failsCheck(result.changes) { throw ExitCode.failure }
  }
}
