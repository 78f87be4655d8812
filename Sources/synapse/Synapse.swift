import ArgumentParser
import Stages

/// The root command.
struct Synapse: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "synapse",
    abstract: "Build Synapse plugins incrementally and reproducibly.",
    discussion: """
      Every workflow is a graph of cached stages: running a command again redoes only \
      what changed. Exit status: 0 success, 1 failure, 2 usage error.
      """,
    version: "synapse \(SynapseVersion.current)",
    subcommands: [
      BuildCommand.self, PluginCommand.self, PublishCommand.self, LoginCommand.self, HooksCommand.self,
      GraphCommand.self, CacheCommand.self,
    ]
  )

  /// No subcommand is a usage error (exit 2), with the help on stderr for the reader.
  func run() throws {
    Terminal.standardError.write(Synapse.helpMessage() + "\n")
    throw ExitCode(2)
  }
}
