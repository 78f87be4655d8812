import PythonSource
import Testing

@Suite struct TokenizerTests {
  typealias Support = TokenizerTestSupport

  @Test func emptyFileIsJustAnEndMarker() {
    let (tokens, diagnostics) = Support.tokenize("")
    #expect(diagnostics.isEmpty)
    #expect(tokens.map(\.kind) == [.endMarker])
    #expect(tokens[0].start == PythonSourceLocation(line: 1, column: 1))
  }

  @Test func everyStringPrefixAndQuoteFormIsOneStringToken() {
    let prefixes = ["", "r", "u", "b", "f", "br", "rb", "fr", "rf"]
    var cased: [String] = []
    for prefix in prefixes {
      var variants: Set<String> = [""]
      for character in prefix {
        variants = Set(variants.flatMap { [$0 + character.lowercased(), $0 + character.uppercased()] })
      }
      cased.append(contentsOf: variants.sorted())
    }
    #expect(cased.count == 1 + 2 * 4 + 4 * 4)
    let bodies = ["'a\\'b'", "\"a\\\"b\"", "'''a\n'b''\n'''", "\"\"\"x\"\"y\\\"\"\"\"", "''", "\"\""]
    for prefix in cased {
      for body in bodies {
        let text = "x = \(prefix)\(body) + 1\n"
        let (tokens, diagnostics) = Support.tokenize(text)
        #expect(diagnostics.isEmpty, "\(text)")
        let strings = tokens.filter { $0.kind == .string }
        #expect(strings.count == 1, "\(text)")
        #expect(strings.first?.text(in: Array(text.utf8)) == prefix + body, "\(text)")
        #expect(tokens.filter { $0.kind == .op }.count == 2, "\(text)")
      }
    }
  }

  @Test func invalidPrefixesAreNames() {
    #expect(Support.texts("ur'x'") == ["name:ur", "string:'x'"])
    #expect(Support.texts("bf'x'") == ["name:bf", "string:'x'"])
    #expect(Support.texts("rr'x'") == ["name:rr", "string:'x'"])
    #expect(Support.texts("abc'x'") == ["name:abc", "string:'x'"])
  }

  @Test func bracketsSpanLinesWithoutIndentation() {
    let text = "x = (1,\n        [2,\n  3],\n  {4: 5})\ny = 2\n"
    let (tokens, diagnostics) = Support.tokenize(text)
    #expect(diagnostics.isEmpty)
    #expect(!tokens.contains { $0.kind == .indent || $0.kind == .dedent })
    #expect(tokens.filter { $0.kind == .nl }.count == 3)
    #expect(tokens.filter { $0.kind == .newline }.count == 2)
    let y = tokens.first { $0.kind == .name && $0.text(in: Array(text.utf8)) == "y" }
    #expect(y?.start == PythonSourceLocation(line: 5, column: 1))
  }

  @Test func backslashContinuationJoinsLines() {
    let text = "x = 1 + \\\n      2\nif x:\n    y = \\\n  3\n"
    let (tokens, diagnostics) = Support.tokenize(text)
    #expect(diagnostics.isEmpty)
    #expect(tokens.filter { $0.kind == .newline }.count == 3)
    #expect(tokens.filter { $0.kind == .indent }.count == 1)
    let two = tokens.first { $0.kind == .number && $0.text(in: Array(text.utf8)) == "2" }
    #expect(two?.start == PythonSourceLocation(line: 2, column: 7))
  }

  @Test func continuedSingleQuotedStringSpansLines() {
    let text = "s = 'abc\\\ndef'\n"
    let (tokens, diagnostics) = Support.tokenize(text)
    #expect(diagnostics.isEmpty)
    let string = tokens.first { $0.kind == .string }
    #expect(string?.start == PythonSourceLocation(line: 1, column: 5))
    #expect(string?.end == PythonSourceLocation(line: 2, column: 5))
  }

  @Test func tabsIndentToMultiplesOfEight() {
    let text = "if x:\n\tif y:\n\t\tz = 1\n\tw = 2\n"
    let (tokens, diagnostics) = Support.tokenize(text)
    #expect(diagnostics.isEmpty)
    #expect(tokens.filter { $0.kind == .indent }.count == 2)
    #expect(tokens.filter { $0.kind == .dedent }.count == 2)
    let z = tokens.first { $0.kind == .name && $0.text(in: Array(text.utf8)) == "z" }
    #expect(z?.start == PythonSourceLocation(line: 3, column: 3))
    // A tab (to column 8) and eight spaces are the same level.
    let mixed = "if x:\n        a = 1\nif y:\n\tb = 2\n"
    let mixedResult = Support.tokenize(mixed)
    #expect(mixedResult.diagnostics.isEmpty)
    #expect(mixedResult.tokens.filter { $0.kind == .indent }.count == 2)
  }

  @Test func inconsistentTabsAndSpacesAreReported() {
    // Line 3 is at column 8 both ways, but with a tab where line 2 had eight spaces.
    let text = "if x:\n        a = 1\n\tb = 2\n"
    let diagnostics = Support.tokenize(text).diagnostics
    #expect(diagnostics.map(\.message) == ["inconsistent use of tabs and spaces in indentation"])
    #expect(diagnostics.first?.location == PythonSourceLocation(line: 3, column: 2))
  }

  @Test func formFeedResetsIndentation() {
    let text = "if x:\n    a = 1\n\u{0C}b = 2\n"
    let (tokens, diagnostics) = Support.tokenize(text)
    #expect(diagnostics.isEmpty)
    #expect(tokens.filter { $0.kind == .dedent }.count == 1)
  }

  @Test func badDedentIsPositioned() {
    let text = "if x:\n    a = 1\n  b = 2\nc = 3\n"
    let (tokens, diagnostics) = Support.tokenize(text)
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.message == "unindent does not match any outer indentation level")
    #expect(diagnostics.first?.location == PythonSourceLocation(line: 3, column: 3))
    #expect(tokens.last?.kind == .endMarker)
    #expect(tokens.contains { $0.kind == .name && $0.start.line == 4 })
  }

  @Test func unterminatedStringsArePositioned() {
    let single = Support.tokenize("x = 1\ny = 'abc\nz = 2\n")
    #expect(single.diagnostics.map(\.message) == ["unterminated string literal"])
    #expect(single.diagnostics.first?.location == PythonSourceLocation(line: 2, column: 5))
    #expect(single.tokens.contains { $0.kind == .name && $0.start.line == 3 })

    let prefixed = Support.tokenize("x = rb\"abc")
    #expect(prefixed.diagnostics.first?.location == PythonSourceLocation(line: 1, column: 5))

    let triple = Support.tokenize("x = 1\n\n  # c\ny = f'''abc\n\ndef\n")
    #expect(triple.diagnostics.map(\.message) == ["unterminated triple-quoted string literal"])
    #expect(triple.diagnostics.first?.location == PythonSourceLocation(line: 4, column: 5))
    #expect(triple.tokens.last?.kind == .endMarker)
  }

  @Test func unmatchedAndUnclosedBracketsAreReported() {
    let unclosed = Support.tokenize("x = foo(1,\n  [2\n")
    #expect(unclosed.diagnostics.map(\.message) == ["'(' was never closed"])
    #expect(unclosed.diagnostics.first?.location == PythonSourceLocation(line: 1, column: 8))
    let unmatched = Support.tokenize("x = 1)\n")
    #expect(unmatched.diagnostics.map(\.message) == ["unmatched ')'"])
    #expect(unmatched.diagnostics.first?.location == PythonSourceLocation(line: 1, column: 6))
    let mismatched = Support.tokenize("x = (1]\n")
    #expect(mismatched.diagnostics.first?.message == "closing parenthesis ']' does not match opening parenthesis '('")
  }

  @Test func bracketNestingBeyondTwoHundredIsRejected() {
    let accepted = String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200) + "\n"
    #expect(Support.tokenize(accepted).diagnostics.isEmpty)
    let rejected = "x = " + String(repeating: "[", count: 201) + String(repeating: "]", count: 201) + "\n"
    let diagnostics = Support.tokenize(rejected).diagnostics
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.message.hasPrefix("too many nested parentheses") == true)
    #expect(diagnostics.first?.location == PythonSourceLocation(line: 1, column: 205))
    // Far deeper input must neither crash nor take long.
    let huge = String(repeating: "{", count: 200_000)
    let result = Support.tokenize(huge)
    #expect(result.tokens.count == 200_001)
    #expect(result.diagnostics.count == 2)
  }

  @Test func invalidUTF8IsPositioned() {
    var bytes = Array("x = 1\ny = 'ab".utf8)
    bytes.append(0xFF)
    bytes.append(contentsOf: Array("c'\nz\u{E9} = 2\n".utf8))
    let (tokens, diagnostics) = PythonTokenizer.tokenize(bytes)
    #expect(diagnostics.map(\.message) == ["invalid UTF-8 byte 0xFF"])
    #expect(diagnostics.first?.location == PythonSourceLocation(line: 2, column: 8))
    #expect(tokens.contains { $0.kind == .name && $0.text(in: bytes) == "z\u{E9}" })
    let truncated = PythonTokenizer.tokenize([0x61, 0xE2, 0x82])
    #expect(truncated.diagnostics.first?.message == "invalid UTF-8 byte 0xE2")
  }

  @Test func crlfLineEndings() {
    let text = "class A:\r\n    x = 1\r\n\r\n    y = '''a\r\nb'''\r\n"
    let source = Array(text.utf8)
    let (tokens, diagnostics) = PythonTokenizer.tokenize(source)
    #expect(diagnostics.isEmpty)
    let newlines = tokens.filter { $0.kind == .newline }
    #expect(newlines.count == 3)
    #expect(newlines.allSatisfy { $0.text(in: source) == "\r\n" })
    #expect(newlines.first?.start == PythonSourceLocation(line: 1, column: 9))
    #expect(newlines.first?.end == PythonSourceLocation(line: 1, column: 11))
    let string = tokens.first { $0.kind == .string }
    #expect(string?.end == PythonSourceLocation(line: 5, column: 5))
    #expect(tokens.last?.start == PythonSourceLocation(line: 6, column: 1))
  }

  @Test func missingFinalNewlineGetsAnImplicitOne() {
    let text = "if x:\n  y = 1"
    let (tokens, _) = Support.tokenize(text)
    #expect(tokens.suffix(3).map(\.kind) == [.newline, .dedent, .endMarker])
    #expect(tokens.suffix(3).first?.byteRange.isEmpty == true)
    #expect(tokens.last?.start == PythonSourceLocation(line: 3, column: 1))
  }

  @Test func numbersFollowTokenizeRules() {
    #expect(
      Support.texts("1 1.5 .5 1. 1e5 1E-5 1.5j 1j 0x_1F 0o17 0b1_0 1_000 1.e3 0777 1__0 1if")
        == [
          "number:1", "number:1.5", "number:.5", "number:1.", "number:1e5", "number:1E-5", "number:1.5j",
          "number:1j", "number:0x_1F", "number:0o17", "number:0b1_0", "number:1_000", "number:1.e3", "number:0",
          "number:777", "number:1", "name:__0", "number:1", "name:if",
        ])
  }

  @Test func operatorsUseLongestMatch() {
    #expect(
      Support.texts("a **= b // c -> d := e != f ... . <<= >> @= ~ <> !")
        == [
          "name:a", "op:**=", "name:b", "op://", "name:c", "op:->", "name:d", "op::=", "name:e", "op:!=", "name:f",
          "op:...", "op:.", "op:<<=", "op:>>", "op:@=", "op:~", "op:<", "op:>", "error:!",
        ])
  }

  @Test func unicodeIdentifiersAndColumnsInCharacters() {
    let text = "é = '日本'; 名前 = 1\n"
    let (tokens, diagnostics) = Support.tokenize(text)
    #expect(diagnostics.isEmpty)
    let name = tokens.first { $0.kind == .name && $0.start.column > 1 }
    #expect(name?.start == PythonSourceLocation(line: 1, column: 11))
    #expect(name?.end == PythonSourceLocation(line: 1, column: 13))
  }

  @Test func randomInputNeverBreaksTheInvariants() {
    var generator = SplitMix64(seed: 0x5EED)
    let alphabet = Array("ab_1.e'\"\\#()[]{}:=+-*\n\r\t \u{0C}rbfx0é".utf8) + [0xFF, 0xC3, 0x80]
    for round in 0..<3000 {
      let length = Int(generator.next() % 120)
      let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
      let (tokens, _) = PythonTokenizer.tokenize(bytes)
      #expect(tokens.last?.kind == .endMarker, "round \(round)")
      var previousEnd = 0
      for token in tokens {
        #expect(token.byteRange.lowerBound >= previousEnd || token.byteRange.isEmpty, "round \(round)")
        #expect(token.byteRange.upperBound <= bytes.count, "round \(round)")
        #expect(token.start <= token.end, "round \(round)")
        previousEnd = max(previousEnd, token.byteRange.upperBound)
      }
    }
  }

  @Test func pathologicalInputsStayLinear() {
    let cases: [[UInt8]] = [
      Array(repeating: 0x27, count: 300_000),
      Array(String(repeating: "'''", count: 100_000).utf8),
      Array(String(repeating: " ", count: 300_000).utf8) + [0x78],
      Array(String(repeating: "\\\n", count: 100_000).utf8),
      Array(String(repeating: "x", count: 400_000).utf8),
      Array(String(repeating: "é(", count: 150_000).utf8),
    ]
    let clock = ContinuousClock()
    for bytes in cases {
      let elapsed = clock.measure { _ = PythonTokenizer.tokenize(bytes) }
      #expect(elapsed < .seconds(3))
    }
  }
}

/// A tiny deterministic generator, so fuzz rounds are reproducible.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
