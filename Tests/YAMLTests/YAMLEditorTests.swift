import Foundation
import Testing
import YAML

@Suite struct YAMLEditorTests {
  func parse(_ text: String) throws -> YAMLNode {
    try #require(try YAMLParser.parse(Array(text.utf8)))
  }

  func edit(_ text: String, _ make: (YAMLEditor, YAMLNode) throws -> [YAMLEdit]) throws -> String {
    let root = try parse(text)
    let editor = YAMLEditor(source: Array(text.utf8))
    return String(decoding: try editor.apply(try make(editor, root)), as: UTF8.self)
  }

  @Test func replacingAScalarKeepsEverythingElse() throws {
    let text = "# header\nname: demo   # trailing\n\nversion: '1.0'  # quoted\nlist: [a, b]\n"
    let out = try edit(text) { e, root in
      [e.replaceScalar(try #require(root["name"]), with: "Demo: v2"), e.replaceScalar(try #require(root["version"]), with: "2.0")]
    }
    #expect(out == "# header\nname: 'Demo: v2'   # trailing\n\nversion: '2.0'  # quoted\nlist: [a, b]\n")
  }

  @Test func appendingToABlockMappingGoesAfterItsLastLine() throws {
    let text = """
      actions:
        train:
          entrypoint: plugin.train:TrainAction  # guide form
          method: job

        # inference runs as a service
        inference:
          entrypoint: plugin.inference.Infer
      tags: []

      """
    let out = try edit(text) { e, root in
      let actions = try #require(root.pair(forKey: "actions"))
      let train = try #require(actions.value.pair(forKey: "train"))
      return [
        e.appendPairs([(key: "output_type", value: .string("model_weights"))], to: train),
        e.appendPairs([(key: "export", value: .mapping([(key: "entrypoint", value: .string("plugin.export.Export"))]))], to: actions),
      ]
    }
    #expect(out == """
      actions:
        train:
          entrypoint: plugin.train:TrainAction  # guide form
          method: job
          output_type: model_weights

        # inference runs as a service
        inference:
          entrypoint: plugin.inference.Infer
        export:
          entrypoint: plugin.export.Export
      tags: []

      """)
  }

  @Test func emptyFlowMappingAndEmptyValueBecomeBlocks() throws {
    let text = "actions: {}\nother:\nlast: 1\n"
    let out = try edit(text) { e, root in
      [
        e.appendPairs([(key: "a", value: .mapping([(key: "method", value: .string("job"))]))], to: try #require(root.pair(forKey: "actions"))),
        e.appendPairs([(key: "x", value: .int(1))], to: try #require(root.pair(forKey: "other"))),
      ]
    }
    #expect(out == "actions:\n  a:\n    method: job\nother:\n  x: 1\nlast: 1\n")
    let reparsed = try parse(out)
    #expect(reparsed["actions"]?["a"]?["method"]?.scalar?.value == "job")
  }

  /// A CRLF file keeps CRLF lines: inserted lines and values inserted at a line's end.
  @Test func editsKeepTheFilesLineEndings() throws {
    let text = "name: demo\r\nactions:\r\n  train:\r\n    method: job\r\nempty:\r\nflow: {}\r\nlast: 1"
    let out = try edit(text) { e, root in
      let actions = try #require(root.pair(forKey: "actions"))
      return [
        e.replaceScalar(try #require(root["name"]), with: "Demo"),
        e.appendPairs([(key: "export", value: .mapping([(key: "method", value: .string("task"))]))], to: actions),
        e.replaceValue(of: try #require(root.pair(forKey: "empty")), with: .string("x")),
        e.appendPairs([(key: "a", value: .int(1))], to: try #require(root.pair(forKey: "flow"))),
        e.appendPairs([(key: "tail", value: .int(2))], toBlockMapping: root),
      ]
    }
    #expect(
      out == "name: Demo\r\nactions:\r\n  train:\r\n    method: job\r\n  export:\r\n    method: task\r\n"
        + "empty: x\r\nflow:\r\n  a: 1\r\nlast: 1\r\ntail: 2\r\n")
    #expect(!out.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    #expect(try parse(out)["empty"]?.scalar?.value == "x")
  }

  @Test func replacingABlockSequenceKeepsItsColumn() throws {
    let text = "h:\n  schemas:\n  - name: old\n    min: 1\n  keep: true\n"
    let out = try edit(text) { e, root in
      let pair = try #require(root["h"]?.pair(forKey: "schemas"))
      return [e.replaceValue(of: pair, with: .sequence([.mapping([(key: "$formkit", value: .string("number")), (key: "min", value: .float("1.0e-06"))])]))]
    }
    #expect(out == "h:\n  schemas:\n  - $formkit: number\n    min: 1.0e-06\n  keep: true\n")
  }

  @Test func emitterMatchesPyYAMLLayout() {
    let value = YAMLValue.mapping([
      (key: "hyperparameters", value: .mapping([
        (key: "train_ui_schemas", value: .sequence([
          .mapping([(key: "$formkit", value: .string("number")), (key: "name", value: .string("epochs")), (key: "value", value: .int(10)), (key: "required", value: .bool(true))])
        ]))
      ]))
    ])
    #expect(YAMLEmitter.block(value, indent: 4) == """
          hyperparameters:
            train_ui_schemas:
            - $formkit: number
              name: epochs
              value: 10
              required: true

      """)
  }

  /// Every emitted scalar must read back as the same string through PyYAML.
  @Test func emittedScalarsReadBackIdentically() throws {
    let samples = [
      "0", "1.5", "yes", "no", "on", "off", "null", "~", "true", "", " x", "x ", "a: b", "a #b", "#c", "- x", "? x",
      "*x", "&x", "!x", "@x", "%x", "`x", "2024-01-01", "123", "1e3", "0o17", "0x1F", ">=2026.1.0", "it's", "say \"hi\"",
      "tab\there", "line\nbreak", "묶음 이름", "plugin.train:TrainAction", "$formkit", "-x", ":x", "[x]", "{x}", "x,y", ".inf",
    ]
    let doc = samples.enumerated().map { "k\($0.offset): \(YAMLEmitter.scalar($0.element))" }.joined(separator: "\n")
    let script = "import sys, yaml, json; d = yaml.safe_load(sys.stdin.read()); print(json.dumps([d['k%d' % i] for i in range(len(d))]))"
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script]
    let input = Pipe()
    let output = Pipe()
    p.standardInput = input
    p.standardOutput = output
    try p.run()
    input.fileHandleForWriting.write(Data(doc.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let back = try JSONSerialization.jsonObject(with: data) as? [Any]
    #expect(back?.count == samples.count)
    for (i, s) in samples.enumerated() {
      #expect(back?[i] as? String == s, "\(s.debugDescription) emitted as \(YAMLEmitter.scalar(s))")
    }
  }
}
