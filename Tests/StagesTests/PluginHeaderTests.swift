import Stages
import Testing

@Suite struct PluginHeaderTests {
  func parse(_ text: String) throws -> PluginHeader {
    try PluginHeader.parse(Array(text.utf8), file: "config.yaml")
  }

  func diagnostics(_ text: String) -> [String] {
    do {
      _ = try parse(text)
      return []
    } catch StagesError.invalidConfig(let d) {
      return d.map(\.description)
    } catch {
      return ["unexpected: \(error)"]
    }
  }

  @Test func readsNameCodeVersion() throws {
    let h = try parse("# comment\nname: \"Detector: v2 #1\"\ncode: det\nversion: '1.0'\nactions: {}\n")
    #expect(h == PluginHeader(name: "Detector: v2 #1", code: "det", version: "1.0"))
    #expect(h.archiveFileName == "det-1.0.zip")
  }

  /// An explicit tag decides the type, as PyYAML and the schema stage read it.
  @Test func explicitTagsAreHonoured() throws {
    #expect(try parse("name: a\ncode: b\nversion: !!str 1.0\n").version == "1.0")
    #expect(try parse("name: !!str yes\ncode: ! 123\nversion: '1.0'\n") == PluginHeader(name: "yes", code: "123", version: "1.0"))
    #expect(
      diagnostics("name: a\ncode: b\nversion: !!float '1.0'\n") == [
        "config.yaml:3:10: version: 1.0 is a number in YAML; quote it: version: \"1.0\""
      ])
    #expect(diagnostics("name: a\ncode: b\nversion: !!int abc\n").first?.contains("does not fit its tag") == true)
  }

  @Test func numericVersionGetsAPositionedHint() {
    #expect(
      diagnostics("name: a\ncode: b\nversion: 1.0\n") == [
        "config.yaml:3:10: version: 1.0 is a number in YAML; quote it: version: \"1.0\""
      ])
  }

  @Test func everyProblemIsReportedAtOnce() {
    let found = diagnostics("name: [x]\nversion: yes\n")
    #expect(
      found == [
        "config.yaml:1:7: name: must be a string, not a list",
        "config.yaml: missing required field 'code'",
        "config.yaml:2:10: version: yes is a boolean in YAML; quote it: version: \"yes\"",
      ])
  }

  @Test func syntaxErrorsCarryLineAndColumn() {
    let found = diagnostics("name: a\ncode: b: c\n")
    #expect(found.count == 1)
    #expect(found.first?.hasPrefix("config.yaml:2:") == true)
  }

  @Test func nonMappingDocumentIsRejected() {
    #expect(diagnostics("- a\n- b\n").first?.contains("must be a mapping") == true)
    #expect(diagnostics("").first?.contains("must be a mapping") == true)
  }
}
