import YAML

/// Validates YAML documents against a JSON Schema (draft 2020-12) read at
/// run time, reporting every problem at once with positions and messages a
/// person can act on.
///
/// The rules live in the schema file alone: the binary embeds the file's
/// bytes and this type interprets them, so editors (through the same file)
/// and the command line always agree.
///
/// Values are typed as PyYAML's `safe_load` types them (YAML 1.1: `on` and
/// `yes` are booleans, unquoted `1.0` is a float, `2024-01-01` a date, merge
/// keys `<<` are expanded, the last duplicate key wins), because that is
/// what the Synapse SDK reads.
///
/// Supported keywords (anything else fails the load, so a schema can never
/// silently check less than it says):
/// - types and values: `type` (`integer` accepts `2.0`, never `true`),
///   `enum`, `const`;
/// - strings: `minLength`, `maxLength` (in code points), `pattern` (ECMA-style
///   search; strings over 10,000 characters are reported instead of matched);
/// - numbers: `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`;
/// - mappings: `properties`, `patternProperties`, `additionalProperties`
///   (boolean or schema), `propertyNames` (validates the key node itself, so
///   `on:` fails `{"type": "string"}`), `required`, `minProperties`,
///   `maxProperties`;
/// - sequences: `prefixItems`, `items`, `minItems`, `maxItems`, `uniqueItems`;
/// - composition: `$ref` (JSON pointers within the schema, `#/$defs/...`),
///   `allOf`, `anyOf`, `oneOf` (reporting the closest branch, not all of
///   them), `not`, `if`/`then`/`else`;
/// - annotations, ignored: `$schema`, `$comment`, `$defs`, `title`,
///   `description`, `default`, `examples`, `readOnly`, `writeOnly`, `format`
///   (an annotation in 2020-12), `contentMediaType`, `contentEncoding`;
///   `deprecated: true` yields a warning;
/// - vendor keywords: `x-severity` (`"warning"` reports the subschema's
///   failures as warnings that do not fail it), `x-message` (replaces the
///   generated text; a string, or an object keyed by keyword; `{value}` and
///   `{expected}` are filled in), `x-suggest-similar` (warns about unknown
///   fields that look like a declared one).
///
/// Independently of the schema, every mapping is checked for duplicate keys
/// (an error: PyYAML silently keeps the last) and non-string keys (a
/// warning), and every scalar for tags safe loaders reject.
public struct SchemaValidator: Sendable {
  private let nodes: [SchemaNodeRef]

  /// Loads a schema from its JSON text.
  ///
  /// - Parameter schemaJSON: UTF-8 JSON text of a draft 2020-12 schema that
  ///   uses only the supported keywords.
  /// - Throws: `SchemaLoadError` with a `line:column` for malformed JSON or
  ///   a JSON pointer for an unsupported keyword, a malformed keyword value,
  ///   a pattern that does not compile or a `$ref` that points nowhere.
  public init(schemaJSON: [UInt8]) throws(SchemaLoadError) {
    let root: JSONValue
    do {
      root = try JSONParser.parse(schemaJSON)
    } catch {
      throw SchemaLoadError(message: error.message, location: "\(error.line):\(error.column)")
    }
    nodes = try SchemaCompiler.compile(root).map(SchemaNodeRef.init)
  }

  /// Validates a document's root node.
  ///
  /// - Returns: Every error and warning, sorted by position; the document
  ///   is valid when none is an error (`containsErrors` is false).
  public func validate(_ root: YAMLNode) -> [SchemaDiagnostic] {
    var run = ValidationRun(nodes: nodes)
    let outcome = run.evaluate(0, root, .root, depth: 0)
    let schemaFindings = outcome.errors + outcome.warnings
    let documentFindings = DocumentCheck.findings(in: root)
    // A non-string key the schema already rejected needs no second, weaker note.
    let reported = Set(schemaFindings.map { "\($0.position.offset):\($0.detail)" })
    let findings =
      schemaFindings
      + documentFindings.filter {
        !($0.severity == .warning && reported.contains("\($0.position.offset):\($0.detail)"))
      }
    return Self.ordered(findings)
  }

  /// Validates the result of `YAMLParser.parse`, where `nil` stands for a
  /// document with no content (an empty file), which is validated as null.
  public func validate(document root: YAMLNode?) -> [SchemaDiagnostic] {
    if let root { return validate(root) }
    let start = SourcePosition(line: 1, column: 1, offset: 0)
    return validate(YAMLNode(kind: .scalar(YAMLScalar(value: "", style: .plain)), start: start, end: start))
  }

  /// Sorted by position, traversal order breaking ties, without repeats
  /// (a node reached through two aliases or two combinators is reported once).
  private static func ordered(_ findings: [Finding]) -> [SchemaDiagnostic] {
    var seen = Set<SchemaDiagnostic>()
    var unique: [(Int, SchemaDiagnostic)] = []
    for (order, finding) in findings.enumerated() {
      let diagnostic = finding.diagnostic
      if seen.insert(diagnostic).inserted { unique.append((order, diagnostic)) }
    }
    unique.sort { lhs, rhs in
      if lhs.1.position != rhs.1.position { return lhs.1.position < rhs.1.position }
      return lhs.0 < rhs.0
    }
    return unique.map(\.1)
  }
}
