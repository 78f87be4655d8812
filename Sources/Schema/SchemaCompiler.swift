/// Turns schema JSON into the table of `SchemaNode`s the validator walks.
///
/// Every keyword is checked here, once, so that a typo in the schema
/// (`"requried"`, a pattern that does not compile, a dangling `$ref`) fails
/// loudly when the schema is loaded instead of silently validating less.
/// Keywords outside the supported subset are rejected for the same reason.
struct SchemaCompiler {
  private let root: JSONValue
  private(set) var nodes: [SchemaNode] = []
  /// Subschemas already compiled, by JSON pointer, so each location is
  /// compiled once and `$ref` cycles terminate.
  private var compiled: [String: Int] = [:]

  /// Annotation keywords: accepted and ignored (`deprecated` is handled).
  private static let annotations: Set<String> = [
    "$schema", "$comment", "title", "description", "default", "examples", "readOnly", "writeOnly",
    "format", "contentMediaType", "contentEncoding",
  ]

  private init(root: JSONValue) {
    self.root = root
  }

  /// Compiles `root`; the root subschema gets index 0.
  static func compile(_ root: JSONValue) throws(SchemaLoadError) -> [SchemaNode] {
    var compiler = SchemaCompiler(root: root)
    _ = try compiler.compile(root, pointer: "#")
    return compiler.nodes
  }

  private mutating func compile(_ value: JSONValue, pointer: String) throws(SchemaLoadError) -> Int {
    if let index = compiled[pointer] { return index }
    let index = nodes.count
    compiled[pointer] = index
    switch value {
    case .bool(let result):
      nodes.append(SchemaNode(constantResult: result))
      return index
    case .object(let members):
      nodes.append(SchemaNode())
      var node = SchemaNode()
      for member in members {
        try apply(member, to: &node, pointer: pointer)
      }
      nodes[index] = node
      return index
    default:
      throw SchemaLoadError(message: "a schema must be an object or a boolean", location: pointer)
    }
  }

  // MARK: - Keywords

  private mutating func apply(_ member: JSONMember, to node: inout SchemaNode, pointer: String)
    throws(SchemaLoadError)
  {
    let key = member.key
    let value = member.value
    let here = pointer + "/" + Self.escape(key)
    switch key {
    case "type":
      node.types = try types(value, at: here)
    case "enum":
      guard case .array(let values) = value, !values.isEmpty else { throw invalid("a non-empty array", here) }
      node.enumValues = values
    case "const":
      node.constValue = value
    case "minLength": node.minLength = try count(value, at: here)
    case "maxLength": node.maxLength = try count(value, at: here)
    case "pattern":
      node.pattern = try pattern(value, at: here)
    case "minimum": node.minimum = try number(value, at: here)
    case "maximum": node.maximum = try number(value, at: here)
    case "exclusiveMinimum": node.exclusiveMinimum = try number(value, at: here)
    case "exclusiveMaximum": node.exclusiveMaximum = try number(value, at: here)
    case "required":
      guard case .array(let names) = value else { throw invalid("an array of strings", here) }
      node.required = try names.map { (name) throws(SchemaLoadError) -> String in
        guard case .string(let text) = name else { throw invalid("an array of strings", here) }
        return text
      }
    case "properties":
      guard case .object(let members) = value else { throw invalid("an object", here) }
      for property in members {
        let schema = try compile(property.value, pointer: here + "/" + Self.escape(property.key))
        node.properties.append(PropertyRule(name: property.key, schema: schema))
      }
    case "patternProperties":
      guard case .object(let members) = value else { throw invalid("an object", here) }
      for property in members {
        let where_ = here + "/" + Self.escape(property.key)
        _ = try pattern(.string(property.key), at: where_)
        node.patternProperties.append(
          PatternRule(pattern: property.key, schema: try compile(property.value, pointer: where_)))
      }
    case "additionalProperties": node.additionalProperties = try compile(value, pointer: here)
    case "propertyNames": node.propertyNames = try compile(value, pointer: here)
    case "minProperties": node.minProperties = try count(value, at: here)
    case "maxProperties": node.maxProperties = try count(value, at: here)
    case "prefixItems": node.prefixItems = try schemaList(value, at: here)
    case "items": node.items = try compile(value, pointer: here)
    case "minItems": node.minItems = try count(value, at: here)
    case "maxItems": node.maxItems = try count(value, at: here)
    case "uniqueItems":
      guard case .bool(let flag) = value else { throw invalid("a boolean", here) }
      node.uniqueItems = flag
    case "$ref": node.ref = try reference(value, at: here)
    case "allOf": node.allOf = try schemaList(value, at: here)
    case "anyOf": node.anyOf = try schemaList(value, at: here)
    case "oneOf": node.oneOf = try schemaList(value, at: here)
    case "not": node.not = try compile(value, pointer: here)
    case "if": node.ifSchema = try compile(value, pointer: here)
    case "then": node.thenSchema = try compile(value, pointer: here)
    case "else": node.elseSchema = try compile(value, pointer: here)
    case "deprecated":
      guard case .bool(let flag) = value else { throw invalid("a boolean", here) }
      node.deprecated = flag
    case "x-severity":
      guard case .string(let text) = value, let severity = SchemaDiagnostic.Severity(rawValue: text) else {
        throw invalid("\"error\" or \"warning\"", here)
      }
      node.severity = severity
    case "x-message":
      node.messages = try messages(value, at: here)
    case "x-suggest-similar":
      guard case .bool(let flag) = value else { throw invalid("a boolean", here) }
      node.suggestSimilar = flag
    case "$defs":
      // Compiled even when unreferenced, so that a broken definition fails
      // the load instead of waiting for its first use.
      guard case .object(let members) = value else { throw invalid("an object", here) }
      for definition in members {
        _ = try compile(definition.value, pointer: here + "/" + Self.escape(definition.key))
      }
    default:
      guard Self.annotations.contains(key) else {
        throw SchemaLoadError(message: "unsupported keyword '\(key)'", location: here)
      }
    }
  }

  // MARK: - Keyword values

  private func types(_ value: JSONValue, at pointer: String) throws(SchemaLoadError) -> [JSONType] {
    let names: [JSONValue]
    switch value {
    case .string: names = [value]
    case .array(let values) where !values.isEmpty: names = values
    default: throw invalid("a type name or a non-empty array of them", pointer)
    }
    return try names.map { (name) throws(SchemaLoadError) -> JSONType in
      guard case .string(let text) = name, let type = JSONType(rawValue: text) else {
        throw invalid("one of \(JSONType.allCases.map(\.rawValue).joined(separator: ", "))", pointer)
      }
      return type
    }
  }

  private func count(_ value: JSONValue, at pointer: String) throws(SchemaLoadError) -> Int {
    guard case .number(let number) = value, let count = number.intValue, count >= 0 else {
      throw invalid("a non-negative integer", pointer)
    }
    return count
  }

  private func number(_ value: JSONValue, at pointer: String) throws(SchemaLoadError) -> JSONNumber {
    guard case .number(let number) = value else { throw invalid("a number", pointer) }
    return number
  }

  private func pattern(_ value: JSONValue, at pointer: String) throws(SchemaLoadError) -> String {
    guard case .string(let text) = value else { throw invalid("a string", pointer) }
    do {
      _ = try PatternCache.compile(text)
    } catch {
      throw SchemaLoadError(message: "pattern \(text) does not compile: \(error)", location: pointer)
    }
    return text
  }

  private mutating func schemaList(_ value: JSONValue, at pointer: String) throws(SchemaLoadError) -> [Int] {
    guard case .array(let values) = value, !values.isEmpty else {
      throw invalid("a non-empty array of schemas", pointer)
    }
    var indexes: [Int] = []
    for (offset, element) in values.enumerated() {
      indexes.append(try compile(element, pointer: pointer + "/\(offset)"))
    }
    return indexes
  }

  private func messages(_ value: JSONValue, at pointer: String) throws(SchemaLoadError) -> MessageOverrides {
    switch value {
    case .string(let text):
      return MessageOverrides(all: text)
    case .object(let members):
      var overrides = MessageOverrides()
      for member in members {
        guard case .string(let text) = member.value else { throw invalid("strings as values", pointer) }
        overrides.byKeyword[member.key] = text
      }
      return overrides
    default:
      throw invalid("a string or an object of strings", pointer)
    }
  }

  /// Resolves a same-document `$ref` (`#`, `#/$defs/name`, any JSON pointer).
  private mutating func reference(_ value: JSONValue, at pointer: String) throws(SchemaLoadError) -> Int {
    guard case .string(let target) = value else { throw invalid("a string", pointer) }
    guard target.hasPrefix("#") else {
      throw SchemaLoadError(message: "only references within this schema (#/...) are supported", location: pointer)
    }
    var current = root
    let tokens = target.dropFirst().split(separator: "/", omittingEmptySubsequences: false).dropFirst()
    if target != "#" && !target.hasPrefix("#/") {
      throw SchemaLoadError(message: "$ref \(target) is not a JSON pointer", location: pointer)
    }
    for token in tokens {
      let name = token.replacing("~1", with: "/").replacing("~0", with: "~")
      switch current {
      case .object:
        guard let next = current[String(name)] else {
          throw SchemaLoadError(message: "$ref \(target) points nowhere", location: pointer)
        }
        current = next
      case .array(let values):
        guard let offset = Int(name), values.indices.contains(offset) else {
          throw SchemaLoadError(message: "$ref \(target) points nowhere", location: pointer)
        }
        current = values[offset]
      default:
        throw SchemaLoadError(message: "$ref \(target) points nowhere", location: pointer)
      }
    }
    return try compile(current, pointer: target)
  }

  private func invalid(_ expectation: String, _ pointer: String) -> SchemaLoadError {
    SchemaLoadError(message: "expected \(expectation)", location: pointer)
  }

  /// JSON pointer escaping of one reference token.
  private static func escape(_ token: String) -> String {
    token.replacing("~", with: "~0").replacing("/", with: "~1")
  }
}
