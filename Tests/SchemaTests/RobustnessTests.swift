import Schema
import Testing
import YAML

/// No YAML tree makes the validator crash, hang or take seconds.
@Suite struct RobustnessTests {
  private static let deepSchema = ##"""
    {"$ref": "#/$defs/n",
     "$defs": {"n": {"type": ["object", "array", "integer"],
                     "additionalProperties": {"anyOf": [{"$ref": "#/$defs/n"}]},
                     "items": {"oneOf": [{"$ref": "#/$defs/n"}]}}}}
    """##

  /// 510 levels (the loader allows 512) under a schema that spends several
  /// levels per document level: stops with a diagnostic, no stack overflow.
  @Test func deepDocumentUnderARecursiveSchema() throws {
    let text = String(repeating: "{a: [", count: 255) + "true" + String(repeating: "]}", count: 255)
    let lines = try diagnose(text, with: try makeValidator(Self.deepSchema))
    #expect(lines.count == 1)
    #expect(lines.first?.contains("nested too deeply to validate") == true)
  }

  @Test func deepDocumentUnderAShallowSchemaIsWalkedCompletely() throws {
    let text = String(repeating: "[", count: 510) + "1" + String(repeating: "]", count: 510)
    let validator = try makeValidator(#"{"items": {"items": {"items": true}}, "uniqueItems": true, "enum": [1]}"#)
    #expect(try diagnose(text, with: validator) == ["1:1: error: expected 1, got a sequence"])
    // The plugin schema walks the whole tree for duplicate keys.
    let config =
      "name: Demo\ncode: demo\nversion: 0.1.0\ncategory: custom\nenv: "
      + String(repeating: "{a: ", count: 500) + "{b: 1, b: 2}" + String(repeating: "}", count: 500)
      + "\nactions: {main: {entrypoint: a.b}}\n"
    let lines = try diagnose(config)
    #expect(lines.count == 2)
    #expect(lines.first == "5:10: warning: env.a: expected a string, got a mapping")
    #expect(lines.last?.hasSuffix(".a.a: duplicate key 'b' (first defined at 5:2007)") == true)
  }

  @Test func selfReferencingSchemaTerminates() throws {
    let lines = try diagnose("a: 1", with: try makeValidator(##"{"allOf": [{"$ref": "#"}]}"##))
    #expect(lines == ["1:1: error: nested too deeply to validate (more than 1100 schema levels)"])
  }

  /// A 10 MB scalar under `pattern` is reported as too long, quickly.
  @Test func hugeScalarUnderAPattern() throws {
    let huge = String(repeating: "a", count: 10_000_000)
    let node = YAMLNode(
      kind: .mapping([
        YAMLPair(
          key: YAMLNode(
            kind: .scalar(YAMLScalar(value: "code", style: .plain)), start: .init(line: 1, column: 1, offset: 0),
            end: .init(line: 1, column: 5, offset: 4)),
          value: YAMLNode(
            kind: .scalar(YAMLScalar(value: huge, style: .plain)), start: .init(line: 1, column: 7, offset: 6),
            end: .init(line: 1, column: 7, offset: 6)))
      ]), start: .init(line: 1, column: 1, offset: 0), end: .init(line: 1, column: 1, offset: 0))
    let validator = try #require(pluginValidator)
    let clock = ContinuousClock()
    var diagnostics: [SchemaDiagnostic] = []
    let elapsed = clock.measure { diagnostics = validator.validate(node) }
    #expect(elapsed < .seconds(2))
    #expect(
      diagnostics.map(\.description).contains(
        "1:7: error: code: value of 10000000 characters is too long to check against ^[a-z0-9]+(-[a-z0-9]+)*$ (limit 10000)"
      ))
    #expect(diagnostics.allSatisfy { $0.message.count < 400 })
  }

  @Test func longValuesAreShortenedInMessages() throws {
    let long = String(repeating: "x", count: 500)
    let lines = try diagnose(
      "name: Demo\ncode: demo\nversion: 0.1.0\ncategory: \(long)\nactions: {m: {entrypoint: a.b}}\n")
    #expect(lines.count == 1)
    #expect(lines.first?.contains("\"" + String(repeating: "x", count: 60) + "…\" is not one of") == true)
  }

  /// Aliases copy subtrees; their problems are reported once, where written.
  @Test func aliasExpansionReportsEachProblemOnce() throws {
    var yaml = "a: &a {k: 1, k: 2}\n"
    for index in 0..<50 { yaml += "b\(index): [*a, *a, *a]\n" }
    #expect(
      try diagnose(yaml, with: try makeValidator("{}")) == ["1:14: error: a: duplicate key 'k' (first defined at 1:8)"])
  }

  @Test func emptyDocumentAndStrayScalars() throws {
    let validator = try #require(pluginValidator)
    #expect(
      validator.validate(document: nil).map(\.description) == [
        "1:1: error: expected a mapping, got an empty value (null)"
      ])
    #expect(try diagnose("just text") == [#"1:1: error: expected a mapping, got a string ("just text")"#])
  }
}
