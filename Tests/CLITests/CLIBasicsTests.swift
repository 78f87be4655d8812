import Foundation
import TestSupport
import Testing

@Suite struct CLIBasicsTests {
  @Test func versionPrintsAndExitsZero() {
    let r = ProcessRunner.synapse(["--version"])
    #expect(r.status == 0)
    #expect(r.stdout == "synapse 0.1.0\n")
  }

  @Test func usageErrorsExitTwo() {
    let f = CLIFixture()
    let bogus = f.synapse(["build", "--bogus"])
    #expect(bogus.status == 2)
    #expect(bogus.stderr.contains("--bogus"))
    #expect(f.synapse(["build", "-j", "0"]).status == 2)
    #expect(f.synapse(["nosuchcommand"]).status == 2)
    let bare = f.synapse([])
    #expect(bare.status == 2)
    #expect(bare.stderr.contains("SUBCOMMANDS:") && bare.stdout.isEmpty)
    #expect(f.synapse(["cache"]).status == 2)
  }

  @Test func helpExplainsBuild() {
    let r = ProcessRunner.synapse(["build", "--help"])
    #expect(r.status == 0)
    for word in ["--explain", "--json", "--trace", "--cache-dir", "-j", ".synapseignore", "SOURCE_DATE_EPOCH"] {
      #expect(r.stdout.contains(word), "help lacks \(word)")
    }
  }

  @Test func graphPrintsMermaidAndDot() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    let mermaid = f.synapse(["graph", "-p", plugin])
    #expect(mermaid.status == 0)
    #expect(mermaid.stdout.hasPrefix("flowchart LR"))
    for edge in ["files --> archive", "archive --> checksum"] { #expect(mermaid.stdout.contains(edge)) }
    let dot = f.synapse(["graph", "-p", plugin, "--format", "dot"])
    #expect(dot.stdout.contains("\"files\" -> \"archive\";"))
  }
}
