import ArgumentParser

/// `synapse plugin …`: the plugin commands upstream users know.
struct PluginCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plugin",
    abstract: "Validate a plugin and keep its config.yaml in step with its code.",
    subcommands: [ValidateCommand.self, UpdateConfigCommand.self])

  func run() throws {
    Terminal.standardError.write(PluginCommand.helpMessage() + "\n")
    throw ExitCode(2)
  }
}
