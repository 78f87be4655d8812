import Schema
import Testing

/// A broken schema fails to load, with the place to fix, instead of
/// silently validating less than it says.
@Suite struct SchemaLoadTests {
  private func loadError(_ json: String) -> SchemaLoadError? {
    do {
      _ = try SchemaValidator(schemaJSON: Array(json.utf8))
      return nil
    } catch {
      return error
    }
  }

  @Test(arguments: [
    (#"{"type": "string",}"#, #"1:19: expected a string key"#),
    ("{\n  \"a\": [1, 2\n}", "3:1: expected ',' or ']' in an array"),
    (#"{"a": 01}"#, "1:7: leading zeros are not allowed in numbers"),
    (#"{"a": "\ud800"}"#, #"1:8: unpaired surrogate \uD800"#),
    (#"{"a": 1, "a": 2}"#, #"1:10: duplicate key "a""#),
    (#"{"é": tru}"#, "1:7: invalid literal; expected true"),
    ("{} {}", "1:4: unexpected text after the JSON value"),
    (#"{"a": "x"#, "1:7: unterminated string"),
    (#"{"type": "text"}"#, "#/type: expected one of null, boolean, integer, number, string, array, object"),
    (#"{"requried": ["a"]}"#, "#/requried: unsupported keyword 'requried'"),
    (#"{"properties": {"a": {"minimum": "1"}}}"#, "#/properties/a/minimum: expected a number"),
    (#"{"pattern": "(unclosed"}"#, "#/pattern: pattern (unclosed does not compile"),
    (##"{"$ref": "#/$defs/missing"}"##, "#/$ref: $ref #/$defs/missing points nowhere"),
    (#"{"$ref": "other.json#/a"}"#, "#/$ref: only references within this schema (#/...) are supported"),
    (#"{"x-severity": "fatal"}"#, #"#/x-severity: expected "error" or "warning""#),
    (#"{"$defs": {"a": {"type": 1}}}"#, "#/$defs/a/type: expected a type name or a non-empty array of them"),
    ("[]", "#: a schema must be an object or a boolean"),
  ])
  func reportsWhereTheSchemaIsBroken(json: String, expected: String) throws {
    let error = try #require(loadError(json))
    #expect(error.description.hasPrefix(expected), "\(error.description)")
  }

  @Test func acceptsBooleanSchemasAndEscapes() throws {
    let validator = try makeValidator(#"{"properties": {"a": {"const": "\u00e9\ud83d\ude00\n\/"}, "b": false}}"#)
    #expect(try diagnose("a: \"é😀\\n/\"", with: validator) == [])
    #expect(try diagnose("a: x", with: validator) == [#"1:4: error: a: "x" must be "é😀\n/""#])
    #expect(try diagnose("x", with: try makeValidator("true")) == [])
    #expect(try diagnose("x", with: try makeValidator("false")) == [#"1:1: error: "x" is not allowed here"#])
  }

  @Test func rejectsOverlyDeepJSON() {
    let json = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
    #expect(loadError(json)?.message == "nesting deeper than 256 levels")
  }
}
