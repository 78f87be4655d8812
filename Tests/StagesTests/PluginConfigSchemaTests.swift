import Foundation
import Hashing
import Schema
import Stages
import TestSupport
import Testing
import YAML

@Suite struct PluginConfigSchemaTests {
  @Test func embeddedSchemaIsTheSchemaFile() throws {
    let file = try Data(contentsOf: URL(fileURLWithPath: Fixtures.packageRoot + "/schema/plugin-config.schema.json"))
    // Compared by size and digest: a byte-array mismatch would print the whole schema.
    #expect(file.count == PluginConfigSchema.bytes.count, "run scripts/generate-schema after editing the schema")
    #expect(SHA256.hash(bytes: Array(file)).hex == PluginConfigSchema.digest, "run scripts/generate-schema after editing the schema")
  }

  /// The document users follow must validate: its config.yaml block, as written.
  @Test(.enabled(if: Fixtures.hasUpstream)) func theGuidesConfigValidates() throws {
    let guide = try String(
      contentsOfFile: try #require(Fixtures.upstream) + "/../../reference/plugin-development-guide.md", encoding: .utf8)
    let block = try #require(guide.components(separatedBy: "```yaml filename=\"config.yaml\"\n").dropFirst().first)
    let config = try #require(block.components(separatedBy: "```").first)
    let root = try #require(try YAMLParser.parse(Array(config.utf8)))
    let diagnostics = PluginConfigSchema.validator.validate(root)
    #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
    // Only the guide-versus-upstream difference remains: a warning, not an error.
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.severity == .warning)
    #expect(diagnostics.first?.message.contains("neural_net plugins should set data_type") == true)
  }
}
