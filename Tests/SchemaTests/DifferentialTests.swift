import Foundation
import Schema
import Testing
import YAML

/// The validator's valid/invalid verdict must equal Python `jsonschema`'s
/// (Draft202012Validator) on the same schema and the PyYAML-loaded document.
///
/// `jsonschema` ignores the vendor keywords, so the oracle's copy of the
/// schema has every `x-severity: warning` subschema replaced by `true`: a
/// warning never makes a document invalid here either.
@Suite(.enabled(if: pythonOracleAvailable, "needs python3 with jsonschema and PyYAML"))
struct DifferentialTests {
  /// Loads each document with `yaml.safe_load` and prints one verdict per
  /// document: true, false, or null when PyYAML cannot load it.
  static let oracle = """
    import json, sys, yaml
    from jsonschema import Draft202012Validator
    request = json.load(sys.stdin)
    def strip(node):
        if isinstance(node, dict):
            if node.get("x-severity") == "warning":
                return True
            return {key: strip(value) for key, value in node.items()}
        if isinstance(node, list):
            return [strip(value) for value in node]
        return node
    validator = Draft202012Validator(strip(json.loads(request["schema"])))
    verdicts = []
    for text in request["documents"]:
        try:
            instance = yaml.safe_load(text)
        except yaml.YAMLError:
            verdicts.append(None)
            continue
        verdicts.append(validator.is_valid(instance))
    print(json.dumps(verdicts))
    """

  @Test func pluginConfigsAgreeWithJSONSchema() throws {
    var generator = ConfigGenerator(seed: 0x5EED_C0DE)
    let documents = (0..<400).map { _ in generator.next() }
    try compare(documents, schema: String(decoding: SchemaTestFiles.schemaBytes, as: UTF8.self))
  }

  @Test func keywordDocumentsAgreeWithJSONSchema() throws {
    var generator = ValueGenerator(seed: 0xD1FF_2020)
    let documents = (0..<600).map { _ in generator.next() }
    try compare(documents, schema: ValueGenerator.schema)
  }

  private func compare(_ documents: [String], schema: String, sourceLocation: SourceLocation = #_sourceLocation)
    throws
  {
    let validator = try SchemaValidator(schemaJSON: Array(schema.utf8))
    let request = try JSONSerialization.data(withJSONObject: ["schema": schema, "documents": documents])
    let result = try #require(runPython(Self.oracle, input: String(decoding: request, as: UTF8.self)))
    try #require(result.status == 0, "\(result.error)", sourceLocation: sourceLocation)
    let verdicts = try #require(
      try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [Any], sourceLocation: sourceLocation)
    try #require(verdicts.count == documents.count, sourceLocation: sourceLocation)
    var valid = 0
    var invalid = 0
    for (document, verdict) in zip(documents, verdicts) {
      let expected = try #require(
        verdict as? Bool, "PyYAML could not load:\n\(document)", sourceLocation: sourceLocation)
      let diagnostics = validator.validate(document: try YAMLParser.parse(Array(document.utf8)))
      let actual = !diagnostics.containsErrors
      #expect(
        actual == expected,
        "jsonschema says \(expected ? "valid" : "invalid"):\n\(document)\(diagnostics.map(\.description).joined(separator: "\n"))",
        sourceLocation: sourceLocation)
      if expected { valid += 1 } else { invalid += 1 }
    }
    // Both verdicts must be well represented, or the comparison proves little.
    #expect(valid >= documents.count / 8, "only \(valid) valid documents", sourceLocation: sourceLocation)
    #expect(invalid >= documents.count / 8, "only \(invalid) invalid documents", sourceLocation: sourceLocation)
  }
}
