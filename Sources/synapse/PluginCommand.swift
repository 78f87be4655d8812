import ArgumentParser

/// `synapse plugin …`: the plugin commands upstream users know.
struct PluginCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plugin",
    abstract: "Create, validate, sync, run, test and publish a plugin.",
    subcommands: [
      CreateCommand.self, ValidateCommand.self, UpdateConfigCommand.self, RunCommand.self, EnvCommand.self,
      TestCommand.self, PublishCommand.self, JobCommand.self,
    ])

  func run() throws {
    Terminal.standardError.write(PluginCommand.helpMessage() + "\n")
    throw ExitCode(2)
  }
}
