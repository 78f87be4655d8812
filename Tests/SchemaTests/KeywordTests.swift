import Schema
import Testing

/// Each supported keyword on a small inline schema, with the exact message.
@Suite struct KeywordTests {
  private func check(_ schema: String, _ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) throws
    -> [String]
  {
    try diagnose(yaml, with: try makeValidator(schema), sourceLocation: sourceLocation)
  }

  @Test func integerAcceptsWholeFloatsButNeverBooleans() throws {
    let schema = #"{"properties": {"n": {"type": "integer"}}}"#
    #expect(try check(schema, "n: 2.0") == [])
    #expect(try check(schema, "n: 0x10") == [])
    #expect(try check(schema, "n: 2.5") == ["1:4: error: n: expected an integer, got a number (2.5)"])
    #expect(try check(schema, "n: true") == ["1:4: error: n: expected an integer, got a boolean (true)"])
    #expect(
      try check(schema, #"n: "3""#) == [#"1:4: error: n: expected an integer, got a string ("3"); remove the quotes"#])
    #expect(try check(schema, "n: .inf") == ["1:4: error: n: expected an integer, got a number (.inf)"])
  }

  @Test func numberLimits() throws {
    let schema = #"{"items": {"minimum": 1, "maximum": 9.5, "exclusiveMinimum": 0, "exclusiveMaximum": 9}}"#
    #expect(try check(schema, "[1, 8.9, x]") == [])
    #expect(try check(schema, "[9]") == ["1:2: error: [0]: 9 must be less than 9"])
    #expect(
      try check(schema, "[0, 9.5, 10]") == [
        "1:2: error: [0]: 0 is less than 1",
        "1:2: error: [0]: 0 must be greater than 0",
        "1:5: error: [1]: 9.5 must be less than 9",
        "1:10: error: [2]: 10 is greater than 9.5",
        "1:10: error: [2]: 10 must be less than 9",
      ])
  }

  @Test func stringLengthCountsCodePoints() throws {
    let schema = #"{"minLength": 2, "maxLength": 3}"#
    #expect(try check(schema, "'é€'") == [])
    #expect(try check(schema, "'a'") == [#"1:1: error: "a" is shorter than 2 characters"#])
    #expect(try check(schema, "abcd") == [#"1:1: error: "abcd" is longer than 3 characters"#])
  }

  @Test func constAndEnumCompareAsJSONSchemaDoes() throws {
    let schema = #"{"properties": {"c": {"const": {"k": [1, "x"]}}, "e": {"enum": [1, "1", null, [true]]}}}"#
    #expect(try check(schema, "c: {k: [1.0, x]}\ne: [yes]") == [])
    #expect(try check(schema, "e: '1'") == [])
    #expect(try check(schema, "e: ~") == [])
    #expect(
      try check(schema, "c: {k: [x, 1]}\ne: true") == [
        "1:4: error: c: expected {\"k\": [1, \"x\"]}, got a mapping",
        #"2:4: error: e: true is not one of 1, "1", null, [true]"#,
      ])
  }

  @Test func sequences() throws {
    let schema = #"""
      {"prefixItems": [{"type": "string"}], "items": {"type": "integer"}, "minItems": 2, "maxItems": 3, "uniqueItems": true}
      """#
    #expect(try check(schema, "[a, 1, 2]") == [])
    #expect(
      try check(schema, "[1, 2, 2.0, x]") == [
        "1:1: error: must have at most 3 items",
        #"1:2: error: [0]: 1 is a number in YAML; quote it: - "1""#,
        "1:8: error: [2]: 2.0 is a duplicate of [1]",
        #"1:13: error: [3]: expected an integer, got a string ("x")"#,
      ])
    #expect(try check(schema, "[a]") == ["1:1: error: must have at least 2 items"])
  }

  @Test func mappings() throws {
    let schema = #"""
      {"properties": {"known": {"type": "string"}}, "patternProperties": {"^n_": {"type": "integer"}},
       "additionalProperties": false, "propertyNames": {"maxLength": 5}, "minProperties": 1, "maxProperties": 2}
      """#
    #expect(try check(schema, "known: x\nn_1: 1") == [])
    #expect(
      try check(schema, "known: x\nn_1: y\nknownn: 1") == [
        "1:1: error: must have at most 2 fields",
        #"2:6: error: n_1: expected an integer, got a string ("y")"#,
        "3:1: error: knownn: unknown field (did you mean known?)",
        #"3:1: error: key "knownn" is longer than 5 characters"#,
      ])
    #expect(try check(schema, "{}") == ["1:1: error: must have at least 1 field"])
  }

  @Test func anyOfReportsTheClosestBranch() throws {
    let schema = #"""
      {"properties": {"v": {"anyOf": [{"type": "string", "pattern": "^a"}, {"type": "integer", "minimum": 5}, {"type": "null"}]}}}
      """#
    #expect(try check(schema, "v: abc\n") == [])
    #expect(try check(schema, "v: 7\n") == [])
    #expect(try check(schema, "v: 3\n") == ["1:4: error: v: 3 is less than 5"])
    #expect(try check(schema, "v: bcd\n") == [#"1:4: error: v: "bcd" must match ^a"#])
    #expect(try check(schema, "v: [1]\n") == ["1:4: error: v: expected a string, an integer or null, got a sequence"])
    #expect(try check(schema, "v: 1.5\n") == ["1:4: error: v: 1.5 is a number in YAML; quote it: v: \"1.5\""])
  }

  @Test func oneOfRejectsAmbiguousValues() throws {
    let schema = #"{"oneOf": [{"type": "number", "maximum": 5}, {"type": "integer", "minimum": 3}]}"#
    #expect(try check(schema, "1") == [])
    #expect(try check(schema, "4.5") == [])
    #expect(try check(schema, "9") == [])
    #expect(try check(schema, "4") == ["1:1: error: 4 matches more than one of the allowed forms"])
    #expect(try check(schema, "x") == [#"1:1: error: expected a number, got a string ("x")"#])
  }

  @Test func notIfThenElseAndFalse() throws {
    let schema = #"""
      {"properties": {"n": {"not": {"const": 0}},
                      "s": {"if": {"type": "string"}, "then": {"minLength": 2}, "else": {"type": "integer"}},
                      "never": false}}
      """#
    #expect(try check(schema, "n: 1\ns: ab") == [])
    #expect(
      try check(schema, "n: 0\ns: a\nnever: 1") == [
        "1:4: error: n: 0 is not allowed here",
        #"2:4: error: s: "a" is shorter than 2 characters"#,
        "3:8: error: never: 1 is not allowed here",
      ])
    #expect(try check(schema, "s: 1.5") == ["1:4: error: s: expected an integer, got a number (1.5)"])
  }

  @Test func refsResolveRecursively() throws {
    let schema = #"""
      {"$ref": "#/$defs/node",
       "$defs": {"node": {"type": "object", "properties": {"kids": {"items": {"$ref": "#/$defs/node"}}, "v": {"type": "integer"}}}}}
      """#
    #expect(try check(schema, "kids: [{v: 1, kids: [{v: 2}]}]") == [])
    #expect(
      try check(schema, "kids: [{v: 1, kids: [{v: x}, 3]}]") == [
        #"1:26: error: kids[0].kids[0].v: expected an integer, got a string ("x")"#,
        "1:30: error: kids[0].kids[1]: expected a mapping, got a number (3)",
      ])
  }

  @Test func vendorKeywords() throws {
    let schema = #"""
      {"properties": {
        "level": {"type": "integer", "allOf": [{"maximum": 3, "x-severity": "warning", "x-message": "{value} is above the usual {expected}"}]},
        "id": {"type": "string", "pattern": "^[a-z]+$", "x-message": {"pattern": "{value} must be lowercase letters"}},
        "old": {"deprecated": true},
        "mode": {"anyOf": [{"const": "a"}, {"const": "b"}], "x-message": {"anyOf": "must be a or b"}}
      }, "x-suggest-similar": true}
      """#
    #expect(
      try check(schema, "level: 5\nid: X1\nold: 1\nmode: c\nlevle: 2\n") == [
        "1:8: warning: level: 5 is above the usual 3",
        #"2:5: error: id: "X1" must be lowercase letters"#,
        "3:1: warning: old: 'old' is deprecated",
        "4:7: error: mode: must be a or b",
        "5:1: warning: levle: unknown field, ignored (did you mean level?)",
      ])
  }

  @Test func warningBranchStillPassesACombinator() throws {
    let schema = #"{"anyOf": [{"type": "string", "x-severity": "warning"}, {"type": "integer"}]}"#
    let diagnostics = try makeValidator(schema).validate(try #require(try YAMLParserShim.parse("1.5")))
    #expect(!diagnostics.containsErrors)
    #expect(diagnostics.map(\.description) == [#"1:1: warning: 1.5 is a number in YAML; quote it: "1.5""#])
  }

  @Test func nonStringKeysAndKeyHints() throws {
    let schema = #"{"propertyNames": {"type": "string"}}"#
    #expect(
      try check(schema, "1: a\n~: b\nyes: c\n2024-01-01: d\n'on': e\n") == [
        #"1:1: error: key 1 is a number in YAML, not a string; quote it: "1":"#,
        #"2:1: error: key ~ is null in YAML, not a string; quote it: "~":"#,
        #"3:1: error: key yes is a boolean in YAML, not a string; quote it: "yes":"#,
        #"4:1: error: key 2024-01-01 is a date in YAML, not a string; quote it: "2024-01-01":"#,
      ])
    // Without a rule in the schema they are still worth a warning.
    #expect(
      try check("{}", "off: a\n") == [#"1:1: warning: key off is a boolean in YAML, not a string; quote it: "off":"#])
  }

  @Test func duplicateKeysAnywhereAndMergeKeys() throws {
    let yaml = "a: {x: 1, x: 2}\nb:\n  - {y: 1}\n  - {y: 1, y: 1}\nc: &c {k: 1}\nd:\n  <<: *c\n  k: 2\n"
    #expect(
      try check("true", yaml) == [
        "1:11: error: a: duplicate key 'x' (first defined at 1:5)",
        "4:12: error: b[1]: duplicate key 'y' (first defined at 4:6)",
      ])
    let schema = #"{"properties": {"d": {"properties": {"k": {"const": 2}, "j": {"const": 1}}, "required": ["j"]}}}"#
    #expect(try check(schema, "c: &c {k: 1, j: 1}\nd:\n  <<: *c\n  k: 2\n") == [])
    #expect(try check(schema, "c: &c {k: 1}\nd:\n  k: 2\n  <<: [*c, {j: 2}]\n") == ["4:16: error: d.j: 2 must be 1"])
  }
}
