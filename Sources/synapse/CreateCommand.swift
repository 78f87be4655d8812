import ArgumentParser
import Pipeline
import Stages

/// `synapse plugin create`: a new plugin from the category's template.
struct CreateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "create",
    abstract: "Create a new plugin from a template.",
    discussion: """
      Writes synapse-<code>-plugin/ under --path: config.yaml (already in step with the code, \
      with a schema modeline for editors), README.md, requirements.txt, pyproject.toml, \
      .gitignore, .synapseignore, plugin/ with one module per action, and tests/ with a pytest \
      test per action.

      Every value can be given as a flag, so any category can be created from a script. On a \
      terminal, values not given are asked for (with -y, defaults are taken instead); without \
      a terminal, --name is required and defaults fill the rest. The code defaults to the \
      name's slug. An existing plugin directory is never touched unless --force is given, and \
      then only the template's files are rewritten (identical files are left as they are).

      Categories: \(PluginCategory.allCases.map(\.rawValue).joined(separator: ", ")).
      """)

  @Option(
    name: [.short, .customLong("path")],
    help: ArgumentHelp("Directory to create the plugin in (default: the current directory).", valueName: "dir"))
  var path: String?

  @Option(name: [.short, .customLong("name")], help: ArgumentHelp("Display name.", valueName: "name"))
  var name: String?

  @Option(help: ArgumentHelp("Code: lowercase letters, digits, hyphens (default: the name's slug).", valueName: "code"))
  var code: String?

  @Option(name: [.short, .customLong("category")], help: ArgumentHelp("Plugin category.", valueName: "category"))
  var category: String?

  @Option(name: .customLong("version"), help: ArgumentHelp("Version (default: 0.1.0).", valueName: "x.y.z"))
  var pluginVersion: String?

  @Option(help: ArgumentHelp("One-line description (default: \"<name> plugin\").", valueName: "text"))
  var description: String?

  @Option(help: ArgumentHelp("neural_net: the data type (image, text, video, pcd, audio, data).", valueName: "type"))
  var dataType: String?

  @Option(
    name: .customLong("task"), help: ArgumentHelp("neural_net: a task of the data type; repeatable.", valueName: "task")
  )
  var tasks: [String] = []

  @Option(help: ArgumentHelp("smart_tool: the annotation category.", valueName: "category"))
  var annotationCategory: String?

  @Option(help: ArgumentHelp("smart_tool: the annotation type (bbox, polygon, ...).", valueName: "type"))
  var annotationType: String?

  @Option(help: ArgumentHelp("smart_tool: interactive, automatic or semi_automatic.", valueName: "kind"))
  var smartToolType: String?

  @Option(
    name: .customLong("supported-data-type"),
    help: ArgumentHelp("upload: a data type the plugin imports; repeatable.", valueName: "type"))
  var supportedDataTypes: [String] = []

  @Flag(name: [.short, .long], help: "Ask nothing: take defaults for values not given.")
  var yes = false

  @Flag(help: "Rewrite the template's files in an existing plugin directory.")
  var force = false

  @OptionGroup var cache: CacheOptions

  func run() throws {
    let interactive = !yes && Prompt.isInteractive
    let spec = try CreateAnswers(command: self, interactive: interactive).spec()
    let parent = FilePath.absolute(path ?? ".", relativeTo: FileSystem.currentDirectory())
    let create = PluginCreate(spec: spec, parent: parent, force: force)
    if interactive {
      Terminal.standardError.write(CreateAnswers.summary(spec, target: create.target))
      guard Prompt.confirm("Create plugin?", default: true) else {
        Terminal.standardOutput.write("Cancelled\n")
        return
      }
    }
    let cacheDirectory = try cache.open()
    let report: BuildReport
    let outcome: PluginCreate.Outcome?
    do {
      (report, outcome) = try create.run(cache: cacheDirectory)
    } catch {
      throw CommandFailure(error)
    }
    BuildOutput.diagnostics(report)
    guard let outcome else { throw ExitCode.failure }
    let out = Terminal.standardOutput
    if outcome.written.isEmpty {
      out.write("up to date: \(outcome.target) (\(outcome.unchanged) files unchanged)\n")
      return
    }
    out.write("Created \(spec.name) (\(spec.code), \(spec.category.rawValue)) at \(outcome.target)\n")
    for file in outcome.written { out.write("  \(file)\n") }
    if outcome.unchanged > 0 { out.write("  (\(outcome.unchanged) files already up to date)\n") }
    out.write(
      """
      Next steps:
        cd \(Self.shown(outcome.target))
        synapse plugin validate
        synapse plugin publish --dry-run

      """)
  }

  /// The target relative to the current directory when it is below it.
  static func shown(_ path: String) -> String {
    let cwd = FileSystem.currentDirectory()
    return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
  }
}
