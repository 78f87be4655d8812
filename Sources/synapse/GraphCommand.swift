import ArgumentParser
import Pipeline
import Stages

/// `synapse graph`: the build DAG as Mermaid or DOT.
struct GraphCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "graph",
    abstract: "Print the build's stage graph (Mermaid by default, or Graphviz DOT).")

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case mermaid, dot
  }

  @OptionGroup var plugin: PluginOptions

  @Option(help: "Output format.")
  var format: Format = .mermaid

  func run() throws {
    let location = try plugin.location()
    let build = PluginBuild(location: location, sourceDateEpoch: CacheLocation.environment("SOURCE_DATE_EPOCH"))
    let graph: Pipeline.Graph
    do {
      graph = try build.graph()
    } catch {
      throw CommandFailure(error)
    }
    Terminal.standardOutput.write(format == .mermaid ? graph.mermaid() : graph.dot())
  }
}
