/// Generates YAML documents for a schema that exercises every supported
/// keyword, for the differential test against Python's `jsonschema`.
struct ValueGenerator {
  var random: SeededGenerator

  /// The keyword-exercising schema the generated documents are checked against.
  static let schema = ##"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "type": "object",
      "properties": {
        "a": {"anyOf": [{"type": "integer", "minimum": 0, "exclusiveMaximum": 10}, {"type": "string", "minLength": 2, "maxLength": 4}]},
        "b": {"oneOf": [{"type": "number", "maximum": 5}, {"type": "integer", "exclusiveMinimum": 3}]},
        "c": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "boolean"}], "items": {"type": "integer"}, "minItems": 1, "maxItems": 4, "uniqueItems": true},
        "d": {"not": {"type": ["null", "boolean"]}},
        "e": {"const": {"k": [1, "x"]}},
        "f": {"if": {"type": "string"}, "then": {"pattern": "^x[0-9]*$"}, "else": {"type": "integer", "minimum": 100}},
        "g": {"$ref": "#/$defs/tree"},
        "h": {"enum": [1, "1", true, null, [1], {"a": 1}]},
        "i": {"type": "object", "minProperties": 1, "maxProperties": 2, "additionalProperties": false, "properties": {"x": true, "y": {"type": "string"}, "z": false}},
        "j": {"allOf": [{"type": ["integer", "string"]}, {"not": {"const": 0}}]}
      },
      "patternProperties": {"^p_": {"type": "integer"}},
      "additionalProperties": {"type": "string"},
      "propertyNames": {"maxLength": 3},
      "required": ["a"],
      "minProperties": 2,
      "maxProperties": 6,
      "$defs": {
        "tree": {
          "type": "object",
          "required": ["v"],
          "properties": {"v": {"type": "integer"}, "kids": {"type": "array", "items": {"$ref": "#/$defs/tree"}}},
          "additionalProperties": false
        }
      }
    }
    """##

  private static let scalars = [
    "0", "-3", "7", "10", "2.5", "3.0", "4", "5.5", "1e3", "0x1F", "017", "1_000", ".inf", "100", "yes", "no", "~",
    "''", "\"ab\"", "abc", "xyz", "x1", "\"x12\"", "x", "\"1\"", "1", "true", "abcde", "null", "2024-01-01",
  ]
  private static let keys = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "p_1", "p_2", "q", "r", "long"]

  init(seed: UInt64) {
    random = SeededGenerator(seed: seed)
  }

  /// Values likely to sit on either side of each property's rules.
  private static let targeted: [String: [String]] = [
    "a": ["0", "5", "9", "10", "-3", "ab", "abcd", "abcde", "x", "2.0", "\"12\""],
    "b": ["4", "4.5", "6", "3", "x", "5.0", "7", "2"],
    "f": ["x1", "x", "y", "100", "99", "150.0", "~", "\"x9\""],
    "j": ["1", "0", "x", "0.0", "[1]", "\"0\""],
    "p_1": ["1", "2.0", "x", "-4"],
    "p_2": ["7", "yes"],
    "q": ["abc", "\"1\"", "1", "yes", "''"],
    "r": ["x", "y z", "~"],
  ]

  mutating func next() -> String {
    var keys = Self.keys.filter { $0 != "a" && ($0 != "long" || random.chance(10)) }.shuffled(using: &random)
    if random.chance(92) { keys.insert("a", at: 0) }
    let chosen = keys.prefix(Int.random(in: 2...5, using: &random))
    var lines: [String] = []
    for key in chosen {
      lines.append("\(key): \(value(for: key))")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private mutating func value(for key: String) -> String {
    switch key {
    case "c" where random.chance(85):
      let first = random.pick(["a", "\"b\"", "1", "[x]"])
      let second = random.pick(["true", "no", "1", "x"])
      let rest = (0..<Int.random(in: 0...3, using: &random)).map { _ in random.pick(["1", "2", "2.0", "x", "3"]) }
      return "[" + ([first, second] + rest).prefix(Int.random(in: 0...5, using: &random)).joined(separator: ", ") + "]"
    case "e" where random.chance(85):
      return random.pick(["{k: [1, x]}", "{k: [1.0, \"x\"]}", "{k: [x, 1]}", "{k: [1, x], z: 1}", "{k: [true, x]}"])
    case "g" where random.chance(85):
      return tree(depth: 0)
    case "h" where random.chance(85):
      return random.pick(["1", "\"1\"", "true", "~", "[1]", "{a: 1}", "{a: 1.0}", "1.0", "[true]", "0x1", "yes"])
    case "i" where random.chance(85):
      let entries = ["x: 1", "y: s", "y: 2", "z: 0", "w: 1"].shuffled(using: &random)
      return "{" + entries.prefix(Int.random(in: 0...3, using: &random)).joined(separator: ", ") + "}"
    default:
      if let values = Self.targeted[key], random.chance(85) { return random.pick(values) }
      return anyValue(depth: 0)
    }
  }

  private mutating func anyValue(depth: Int) -> String {
    if depth > 1 || random.chance(75) { return random.pick(Self.scalars) }
    if random.chance(50) {
      let items = (0..<Int.random(in: 0...3, using: &random)).map { _ in anyValue(depth: depth + 1) }
      return "[" + items.joined(separator: ", ") + "]"
    }
    let keys = ["k", "a", "z"].shuffled(using: &random).prefix(Int.random(in: 0...2, using: &random))
    return "{" + keys.map { "\($0): \(anyValue(depth: depth + 1))" }.joined(separator: ", ") + "}"
  }

  private mutating func tree(depth: Int) -> String {
    var entries: [String] = []
    if random.chance(90) { entries.append("v: " + random.pick(["1", "2", "x", "3.0"])) }
    if depth < 3 && random.chance(50) {
      let kids = (0..<Int.random(in: 0...2, using: &random)).map { _ in tree(depth: depth + 1) }
      entries.append("kids: [" + kids.joined(separator: ", ") + "]")
    }
    if random.chance(5) { entries.append("extra: 1") }
    return "{" + entries.joined(separator: ", ") + "}"
  }
}
