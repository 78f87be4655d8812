import Testing
import YAML

@Suite struct PositionTests {
  @Test func plainScalarPositions() throws {
    let text = "name: value\nother: x\n"
    let node = try #require(try root(text)["name"])
    #expect(node.start == SourcePosition(line: 1, column: 7, offset: 6))
    #expect(node.end == SourcePosition(line: 1, column: 12, offset: 11))
    #expect(source(of: node, in: text) == "value")
    let key = try #require(try root(text).pair(forKey: "other")?.key)
    #expect(key.start == SourcePosition(line: 2, column: 1, offset: 12))
  }

  @Test func quotedScalarRangesIncludeTheQuotes() throws {
    let text = "double: \"hi \\\"there\\\"\"\nsingle: 'it''s'\n"
    let document = try root(text)
    let double = try #require(document["double"])
    #expect(double.scalar == YAMLScalar(value: "hi \"there\"", style: .doubleQuoted))
    #expect(source(of: double, in: text) == "\"hi \\\"there\\\"\"")
    #expect(double.start == SourcePosition(line: 1, column: 9, offset: 8))
    let single = try #require(document["single"])
    #expect(single.scalar == YAMLScalar(value: "it's", style: .singleQuoted))
    #expect(source(of: single, in: text) == "'it''s'")
    #expect(single.start.line == 2 && single.start.column == 9)
  }

  @Test func multiByteTextBeforeNodesUsesByteOffsetsAndCharacterColumns() throws {
    let text = "é: 한국어\nkey: 😀 smile\nlast: [\"ü\", z]\n"
    let document = try root(text)
    let korean = try #require(document["é"])
    #expect(korean.start == SourcePosition(line: 1, column: 4, offset: 4))
    #expect(korean.end == SourcePosition(line: 1, column: 7, offset: 13))
    #expect(source(of: korean, in: text) == "한국어")

    let emoji = try #require(document["key"])
    #expect(emoji.start == SourcePosition(line: 2, column: 6, offset: 19))
    #expect(emoji.end == SourcePosition(line: 2, column: 13, offset: 29))
    #expect(source(of: emoji, in: text) == "😀 smile")

    let list = try #require(document["last"]?.sequence)
    #expect(source(of: list[0], in: text) == "\"ü\"")
    #expect(list[0].start == SourcePosition(line: 3, column: 8, offset: 37))
    #expect(source(of: list[1], in: text) == "z")
    #expect(list[1].start.column == 13)
  }

  @Test func everyNodeRangeIsItsSourceText() throws {
    let text = "α: 'β'\nγ: {δ: \"ε\", ζ: [η, '🎉']}\n"
    var seen: [String] = []
    func walk(_ node: YAMLNode) {
      seen.append(source(of: node, in: text))
      switch node.kind {
      case .scalar: break
      case .mapping(let pairs):
        pairs.forEach {
          walk($0.key); walk($0.value)
        }
      case .sequence(let items): items.forEach(walk)
      }
    }
    walk(try root(text))
    #expect(
      seen == [
        "α: 'β'\nγ: {δ: \"ε\", ζ: [η, '🎉']}", "α", "'β'", "γ",
        "{δ: \"ε\", ζ: [η, '🎉']}", "δ", "\"ε\"", "ζ", "[η, '🎉']", "η", "'🎉'",
      ])
  }

  @Test func literalBlockScalarRangeStopsAfterItsLastLineBreak() throws {
    let text = "script: |\n  echo one\n  echo two\nafter: x\n"
    let node = try #require(try root(text)["script"])
    #expect(node.scalar == YAMLScalar(value: "echo one\necho two\n", style: .literal))
    #expect(node.start == SourcePosition(line: 1, column: 9, offset: 8))
    #expect(node.end == SourcePosition(line: 4, column: 1, offset: 32))
    #expect(source(of: node, in: text) == "|\n  echo one\n  echo two\n")
  }

  @Test func nestedFoldedBlockScalarDoesNotSwallowNextIndentation() throws {
    let text = "job:\n  run: >\n    folded\n    text\n\n  next: 1\n"
    let document = try root(text)
    let run = try #require(document["job"]?["run"])
    #expect(run.scalar == YAMLScalar(value: "folded text\n", style: .folded))
    #expect(source(of: run, in: text) == ">\n    folded\n    text\n\n")
    #expect(run.end.line == 6 && run.end.column == 1)
    let next = try #require(document["job"]?.pair(forKey: "next")?.key)
    #expect(next.start == SourcePosition(line: 6, column: 3, offset: 37))
  }

  @Test func nestedBlockCollectionsEndAtTheirLastValue() throws {
    let text = """
      server:
        host: example.com   # comment
        ports:
          - 80
          - 443
        # trailing comment

      name: demo

      """
    let document = try root(text)
    let server = try #require(document["server"])
    #expect(source(of: server, in: text) == "host: example.com   # comment\n  ports:\n    - 80\n    - 443")
    #expect(server.start == SourcePosition(line: 2, column: 3, offset: 10))
    #expect(server.end.line == 5 && server.end.column == 10)

    let ports = try #require(server["ports"])
    #expect(source(of: ports, in: text) == "- 80\n    - 443")
    let items = try #require(ports.sequence)
    #expect(items.map { $0.scalar?.resolved } == [.int(80), .int(443)])
    #expect(items[1].start == SourcePosition(line: 5, column: 7, offset: 64))

    #expect(document["name"]?.scalar?.value == "demo")
    #expect(document["name"]?.start.line == 8)
    #expect(source(of: document, in: text).hasSuffix("name: demo"))
  }

  @Test func flowCollections() throws {
    let text = "root: {a: 1, b: [x, y], c: {}}\n"
    let flow = try #require(try root(text)["root"])
    #expect(source(of: flow, in: text) == "{a: 1, b: [x, y], c: {}}")
    let pairs = try #require(flow.mapping)
    #expect(pairs.map { $0.key.scalar?.value } == ["a", "b", "c"])
    #expect(flow["a"]?.scalar?.resolved == .int(1))
    let list = try #require(flow["b"])
    #expect(source(of: list, in: text) == "[x, y]")
    #expect(list.start == SourcePosition(line: 1, column: 17, offset: 16))
    #expect(list.sequence?.map { $0.scalar?.value } == ["x", "y"])
    #expect(flow["c"]?.mapping?.isEmpty == true)
    #expect(source(of: try #require(flow["c"]), in: text) == "{}")
  }

  @Test func singlePairMappingInsideFlowSequence() throws {
    let text = "[a: 1 , b]"
    let items = try #require(try root(text).sequence)
    #expect(items[0]["a"]?.scalar?.value == "1")
    #expect(source(of: items[0], in: text) == "a: 1")
    #expect(items[1].scalar?.value == "b")
  }

  @Test func propertiesAreInsideTheNodeRange() throws {
    let text = "x: !!str 123\ny: &anchor [1]\n"
    let document = try root(text)
    let x = try #require(document["x"])
    #expect(source(of: x, in: text) == "!!str 123")
    #expect(x.tag == "tag:yaml.org,2002:str")
    let y = try #require(document["y"])
    #expect(source(of: y, in: text) == "&anchor [1]")
    #expect(y.anchor == "anchor")
  }

  @Test func utf8ByteOrderMarkIsSkippedButCountedInOffsets() throws {
    let text = "\u{FEFF}a: é\nb: 2\n"
    let document = try root(text)
    let key = try #require(document.pair(forKey: "a")?.key)
    #expect(key.start == SourcePosition(line: 1, column: 1, offset: 3))
    let a = try #require(document["a"])
    #expect(a.start == SourcePosition(line: 1, column: 4, offset: 6))
    #expect(source(of: a, in: text) == "é")
    #expect(document["b"]?.start == SourcePosition(line: 2, column: 4, offset: 12))
  }

  @Test func crlfLineEndings() throws {
    let text = "a: 1\r\nb: two\r\nc: |\r\n  x\r\n"
    let document = try root(text)
    #expect(document["b"]?.start == SourcePosition(line: 2, column: 4, offset: 9))
    #expect(document["b"].map { source(of: $0, in: text) } == "two")
    let block = try #require(document["c"])
    #expect(block.scalar?.value == "x\n")
    #expect(source(of: block, in: text) == "|\r\n  x\r\n")
  }

  @Test func indentlessSequenceAndTrailingEmptyValue() throws {
    let text = "key:\n- a\n- b\n# note\nnested:\n  inner:\nlast: 1\n"
    let document = try root(text)
    let list = try #require(document["key"])
    #expect(source(of: list, in: text) == "- a\n- b")
    #expect(list.start == SourcePosition(line: 2, column: 1, offset: 5))
    let nested = try #require(document["nested"])
    #expect(source(of: nested, in: text) == "inner:")
    let inner = try #require(nested["inner"])
    #expect(inner.resolved == .null)
    #expect(inner.start == inner.end)
    #expect(inner.start == SourcePosition(line: 6, column: 9, offset: 36))
  }

  @Test func positionsAreOrderedByOffset() {
    let early = SourcePosition(line: 1, column: 5, offset: 4)
    let late = SourcePosition(line: 2, column: 1, offset: 10)
    #expect(early < late)
    #expect(late.description == "2:1")
  }
}
