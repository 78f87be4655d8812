/// One compiled subschema: each supported keyword parsed and checked once at
/// load time, with subschemas referred to by their index in the validator's
/// table so that recursive `$ref`s need no reference cycles.
struct SchemaNode: Sendable {
  /// A `true` or `false` schema; `nil` for an object schema.
  var constantResult: Bool?

  var types: [JSONType]?
  var enumValues: [JSONValue]?
  var constValue: JSONValue?

  var minLength: Int?
  var maxLength: Int?
  var pattern: String?

  var minimum: JSONNumber?
  var maximum: JSONNumber?
  var exclusiveMinimum: JSONNumber?
  var exclusiveMaximum: JSONNumber?

  var required: [String] = []
  var properties: [PropertyRule] = []
  var patternProperties: [PatternRule] = []
  var additionalProperties: Int?
  var propertyNames: Int?
  var minProperties: Int?
  var maxProperties: Int?

  var prefixItems: [Int] = []
  var items: Int?
  var minItems: Int?
  var maxItems: Int?
  var uniqueItems = false

  var ref: Int?
  var allOf: [Int] = []
  var anyOf: [Int] = []
  var oneOf: [Int] = []
  var not: Int?
  var ifSchema: Int?
  var thenSchema: Int?
  var elseSchema: Int?

  var deprecated = false
  var severity: SchemaDiagnostic.Severity = .error
  var messages = MessageOverrides.none
  var suggestSimilar = false

  init(constantResult: Bool? = nil) {
    self.constantResult = constantResult
  }
}

/// A `properties` entry: the field name and its subschema's index.
struct PropertyRule: Sendable {
  let name: String
  let schema: Int
}

/// A `patternProperties` entry: the key pattern and its subschema's index.
struct PatternRule: Sendable {
  let pattern: String
  let schema: Int
}
