import Schema
import Testing
import YAML

@Suite struct FormatterTests {
  @Test func rendersFileLineColumnSeverityAndMessage() throws {
    let validator = try #require(pluginValidator)
    let root = try YAMLParser.parse(
      Array("name: Demo\ncode: demo\nversion: '1.0'\ncategory: x\nactions: {m: {entrypoint: a.b}}\n".utf8))
    let diagnostics = validator.validate(document: root)
    #expect(
      SchemaDiagnosticFormatter.render(diagnostics, file: "plugins/demo/config.yaml") == """
        plugins/demo/config.yaml:3:10: warning: version: "1.0" does not follow SemVer X.Y.Z (for example 0.1.0); the Synapse SDK will reject non-SemVer versions in a future release
        plugins/demo/config.yaml:4:11: error: category: "x" is not one of neural_net, export, upload, smart_tool, post_annotation, pre_annotation, data_validation, custom

        """)
    #expect(SchemaDiagnosticFormatter.render([], file: "x") == "")
  }

  @Test func diagnosticsCarryPathPositionAndSeverity() throws {
    let validator = try #require(pluginValidator)
    let root = try YAMLParser.parse(
      Array("name: Demo\ncode: demo\nversion: 0.1.0\ncategory: custom\nactions:\n  a b: {entrypoint: x}\n".utf8))
    let diagnostic = try #require(validator.validate(document: root).first)
    #expect(diagnostic.severity == .error)
    #expect(diagnostic.path == #"actions["a b"].entrypoint"#)
    #expect(diagnostic.position == SourcePosition(line: 6, column: 21, offset: 83))
    #expect(diagnostic.message.hasPrefix(#"actions["a b"].entrypoint: "x" is not a Python entrypoint"#))
  }
}
