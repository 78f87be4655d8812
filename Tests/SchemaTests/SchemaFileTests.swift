import Foundation
import Schema
import Testing

/// The schema file itself: loadable by this module and a valid draft
/// 2020-12 schema for every other tool (editors read it directly).
@Suite struct SchemaFileTests {
  @Test func loadsWithEveryKeywordSupported() throws {
    #expect(!SchemaTestFiles.schemaBytes.isEmpty)
    _ = try SchemaValidator(schemaJSON: SchemaTestFiles.schemaBytes)
  }

  @Test(.enabled(if: pythonOracleAvailable, "needs python3 with jsonschema"))
  func passesDraft202012CheckSchema() throws {
    let script = """
      import json, sys
      from jsonschema import Draft202012Validator
      schema = json.load(sys.stdin)
      assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
      Draft202012Validator.check_schema(schema)
      print("ok")
      """
    let result = try #require(runPython(script, input: String(decoding: SchemaTestFiles.schemaBytes, as: UTF8.self)))
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output == "ok\n")
  }

  /// Every §3 field upstream reads, plus `build`, is declared, so editors
  /// complete them and the typo warning can name them.
  @Test func declaresEveryUpstreamField() throws {
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(SchemaTestFiles.schemaBytes)) as? [String: Any])
    let properties = try #require(json["properties"] as? [String: Any])
    let expected = [
      "name", "code", "version", "variant", "category", "description", "readme", "package_manager",
      "package_manager_options", "wheels_dir", "env", "runtime_env", "data_type", "tasks", "supported_data_types",
      "supported_data_type", "supported_annotation_tools", "annotation_category", "annotation_type", "smart_tool",
      "requires", "dependencies", "tags", "actions", "build",
    ]
    #expect(Set(properties.keys) == Set(expected))
    #expect(json["required"] as? [String] == ["name", "code", "version", "category", "actions"])
    let definitions = try #require(json["$defs"] as? [String: Any])
    let action = try #require(definitions["action"] as? [String: Any])
    let actionProperties = try #require(action["properties"] as? [String: Any])
    #expect(
      Set(actionProperties.keys)
        == [
          "name", "entrypoint", "method", "description", "input_type", "output_type", "serve_options",
          "hyperparameters", "ui_schema",
        ])
    let method = try #require(actionProperties["method"] as? [String: Any])
    #expect(method["enum"] as? [String] == ["job", "task", "serve", "restapi"])
    #expect(method["default"] as? String == "task")
    let stage = try #require(definitions["buildStage"] as? [String: Any])
    let stageProperties = try #require(stage["properties"] as? [String: Any])
    #expect(Set(stageProperties.keys) == ["run", "inputs", "outputs", "env", "description"])
  }
}
