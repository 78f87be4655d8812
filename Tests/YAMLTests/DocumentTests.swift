import Testing
import YAML

@Suite struct DocumentTests {
  @Test(arguments: ["", "\n\n", "# only a comment\n", "---\n", "--- # nothing\n...\n", "\u{FEFF}"])
  func emptyDocumentIsNil(text: String) throws {
    #expect(try YAMLParser.parse(Array(text.utf8)) == nil)
  }

  @Test func nullDocumentWithPropertiesIsNotEmpty() throws {
    let node = try #require(try YAMLParser.parse(Array("--- !!null\n".utf8)))
    #expect(node.resolved == .null)
    #expect(try YAMLParser.parse(Array("~\n".utf8))?.resolved == .null)
  }

  @Test func parseAllReturnsEveryDocument() throws {
    let text = "a: 1\n---\n- x\n- y\n--- \"s\"\n---\n"
    let documents = try YAMLParser.parseAll(Array(text.utf8))
    #expect(documents.count == 4)
    #expect(documents[0]["a"]?.resolved == .int(1))
    #expect(documents[1].sequence?.count == 2)
    #expect(documents[1].start == SourcePosition(line: 3, column: 1, offset: 9))
    #expect(documents[2].scalar == YAMLScalar(value: "s", style: .doubleQuoted))
    #expect(documents[3].resolved == .null)
    #expect(try YAMLParser.parseAll([]).isEmpty)
  }

  @Test func parseRejectsASecondDocument() throws {
    let text = "a: 1\n---\nb: 2\n"
    #expect(throws: YAMLError.self) { try YAMLParser.parse(Array(text.utf8)) }
    do {
      _ = try YAMLParser.parse(Array(text.utf8))
    } catch {
      #expect(error.message.contains("single document"))
      #expect(error.position == SourcePosition(line: 2, column: 1, offset: 5))
    }
  }

  @Test func duplicateKeysAreKeptInOrderAndLookupFindsTheFirst() throws {
    let text = "a: 1\nb: 2\na: 3\n"
    let document = try root(text)
    let pairs = try #require(document.mapping)
    #expect(pairs.map { $0.key.scalar?.value } == ["a", "b", "a"])
    #expect(pairs[2].key.start.line == 3)
    #expect(document["a"]?.resolved == .int(1))
    #expect(document["missing"] == nil)
    #expect(document["a"]?["x"] == nil)
  }

  @Test func complexKeysAndNonScalarLookups() throws {
    let document = try root("? [a, b]\n: pair\n\"quoted\": q\n")
    let pairs = try #require(document.mapping)
    #expect(pairs[0].key.sequence?.count == 2)
    #expect(pairs[0].value.scalar?.value == "pair")
    #expect(document["quoted"]?.scalar?.value == "q")
  }

  @Test func scalarValuesDecodeEscapesAndEmbeddedNul() throws {
    let document = try root("a: \"tab\\tnul\\0end \\u00e9\"\n")
    #expect(document["a"]?.scalar?.value == "tab\tnul\u{0}end é")
  }

  @Test func deepDocumentsUseNoRecursion() throws {
    let depth = 500
    let text = String(repeating: "- ", count: depth) + "leaf\n"
    var node = try root(text)
    for _ in 0..<depth {
      node = try #require(node.sequence?.first)
    }
    #expect(node.scalar?.value == "leaf")
  }
}
