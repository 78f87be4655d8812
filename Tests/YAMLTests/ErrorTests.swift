import Testing
import YAML

@Suite struct ErrorTests {
  @Test func mappingValueInsidePlainScalar() throws {
    let error = try #require(parseError("key: ok\na: b: c\n"))
    #expect(error.message == "mapping values are not allowed in this context")
    #expect(error.position == SourcePosition(line: 2, column: 5, offset: 12))
    #expect(error.description == "2:5: mapping values are not allowed in this context")
  }

  @Test func tabIndentation() throws {
    let error = try #require(parseError("a:\n\tb: 1\n"))
    #expect(error.message == "found character that cannot start any token")
    #expect(error.position == SourcePosition(line: 2, column: 1, offset: 3))
    #expect(error.context == "while scanning for the next token")
    #expect(
      error.description.hasPrefix(
        "2:1: found character that cannot start any token (while scanning for the next token at 2:1)"))
  }

  @Test func errorAfterMultiByteTextHasByteOffsetAndCharacterColumn() throws {
    let text = "ключ: значение\nb: 😀: c\n"
    let error = try #require(parseError(text))
    let position = try #require(error.position)
    #expect(position.line == 2)
    #expect(position.column == 5)
    #expect(Array(text.utf8)[position.offset] == UInt8(ascii: ":"))
    #expect(position.offset == 34)
  }

  @Test func parserErrorCarriesContext() throws {
    let error = try #require(parseError("a:\n  b: 1\n c: 2\n"))
    #expect(error.message == "did not find expected key")
    #expect(error.position?.line == 3)
    #expect(error.context == "while parsing a block mapping")
    #expect(error.contextPosition == SourcePosition(line: 1, column: 1, offset: 0))
  }

  @Test func unclosedFlowSequence() throws {
    let error = try #require(parseError("key: [1, 2\nother: 3\n"))
    #expect(error.position != nil)
    #expect(error.context?.contains("flow sequence") == true)
    #expect(error.contextPosition == SourcePosition(line: 1, column: 6, offset: 5))
  }

  @Test func invalidUTF8IsReportedWithItsByteOffset() throws {
    let error = try #require(parseError(Array("a: ok\nb: ".utf8) + [0xFF, 0x0A]))
    #expect(error.message.contains("invalid leading UTF-8 octet"))
    #expect(error.position == SourcePosition(line: 2, column: 4, offset: 9))
  }

  @Test func invalidUTF8AfterBOMAndMultiByteText() throws {
    // libyaml points at the bad continuation byte (0x28 at offset 8),
    // after the lone lead byte 0xC3 that occupies column 4.
    let error = try #require(parseError([0xEF, 0xBB, 0xBF] + Array("é: ".utf8) + [0xC3, 0x28]))
    #expect(error.message == "invalid trailing UTF-8 octet (0x28)")
    #expect(error.position == SourcePosition(line: 1, column: 5, offset: 8))
  }

  @Test func controlCharacterIsRejected() throws {
    let error = try #require(parseError(Array("a: b".utf8) + [0x01]))
    #expect(error.message == "control characters are not allowed (0x01)")
    #expect(error.position == SourcePosition(line: 1, column: 5, offset: 4))
  }

  @Test func utf16IsRejected() throws {
    let littleEndian: [UInt8] = [0xFF, 0xFE, 0x61, 0x00, 0x3A, 0x00, 0x20, 0x00, 0x31, 0x00]
    let error = try #require(parseError(littleEndian))
    #expect(error.message.contains("UTF-16"))
    #expect(parseError([0xFE, 0xFF, 0x00, 0x61]) != nil)
  }

  @Test func excessiveNestingIsRejected() throws {
    let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
    let error = try #require(parseError(deep))
    #expect(error.message.contains("nested deeper than 512"))
    #expect(error.position?.column == 513)
    #expect(parseError(deep, limits: YAMLParser.Limits(maxDepth: 600)) == nil)
  }

  @Test func oversizedInputIsRefusedWithItsSize() throws {
    let keys = (0..<80_000).map { "k\($0): \($0)\n" }.joined()
    #expect(keys.utf8.count > 1 << 20)
    let error = try #require(parseError(keys))
    #expect(error.message == "the file is \(keys.utf8.count) bytes, more than the 1048576 bytes a YAML file may have here")
    #expect(error.position?.line == 1)
    #expect(parseError(keys, limits: YAMLParser.Limits(maxBytes: 2 << 20)) == nil)
    #expect(parseError((0..<30_000).map { "k\($0): \($0)\n" }.joined()) == nil)
  }

  @Test func descriptionWithoutPosition() {
    #expect(YAMLError(message: "out of memory", position: nil).description == "out of memory")
  }
}
