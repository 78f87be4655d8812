import ArgumentParser
import Stages

/// The root command.
struct Synapse: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "synapse",
    abstract: "Build, validate and publish Synapse plugins, incrementally.",
    discussion: """
      Every workflow is a graph of cached stages: running a command again redoes only \
      what changed. Exit status: 0 success, 1 failure, 2 usage error.
      """,
    version: "synapse \(SynapseVersion.current)",
    subcommands: [BuildCommand.self, GraphCommand.self, CacheCommand.self]
  )
}
