import ArgumentParser

/// `synapse plugin …`: the plugin commands upstream users know.
struct PluginCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plugin",
    abstract: "Validate, sync and publish a plugin.",
    subcommands: [ValidateCommand.self, UpdateConfigCommand.self, PublishCommand.self])

  func run() throws {
    Terminal.standardError.write(PluginCommand.helpMessage() + "\n")
    throw ExitCode(2)
  }
}
