import Testing
@testable import YAML

@Suite struct UTF8OffsetMapTests {
  @Test func walksForwardAndBackward() {
    // a(1) é(2) 한(3) 😀(4) b(1)
    var map = UTF8OffsetMap(bytes: Array("aé한😀b".utf8))
    #expect(map.byteOffset(ofCharacter: 4) == 10)
    #expect(map.byteOffset(ofCharacter: 2) == 3)
    #expect(map.byteOffset(ofCharacter: 3) == 6)
    #expect(map.byteOffset(ofCharacter: 0) == 0)
    #expect(map.byteOffset(ofCharacter: 5) == 11)
    #expect(map.byteOffset(ofCharacter: 99) == 11)
    #expect(map.byteOffset(ofCharacter: 1) == 1)
  }

  @Test func byteOrderMarkShiftsTheOrigin() {
    var map = UTF8OffsetMap(bytes: [0xEF, 0xBB, 0xBF] + Array("éx".utf8))
    #expect(map.origin == 3)
    #expect(map.byteOffset(ofCharacter: 0) == 3)
    #expect(map.byteOffset(ofCharacter: 1) == 5)
    #expect(map.position(ofByte: 5) == SourcePosition(line: 1, column: 2, offset: 5))
  }

  @Test func positionOfByteCountsLibyamlLineBreaks() {
    let map = UTF8OffsetMap(bytes: Array("a\r\nb\rc\u{2028}dé\u{85}x".utf8))
    let offsetOfX = Array("a\r\nb\rc\u{2028}dé\u{85}".utf8).count
    #expect(map.position(ofByte: offsetOfX) == SourcePosition(line: 5, column: 1, offset: offsetOfX))
    #expect(map.position(ofByte: offsetOfX - 2) == SourcePosition(line: 4, column: 3, offset: offsetOfX - 2))
  }
}
