import Pipeline
import Testing

@Suite struct TerminalTextTests {
  @Test func controlCharactersAreShownNotObeyed() {
    #expect(TerminalText.escaped("\u{1B}[2Jclear") == "\\x1b[2Jclear")
    #expect(TerminalText.escaped("a\u{0}b\u{7}c\u{7F}d") == "a\\x00b\\x07c\\x7fd")
    #expect(TerminalText.escaped("fake\r\nerror: line") == "fake\\x0d\nerror: line")
    #expect(TerminalText.escaped("csi\u{9B}31m") == "csi\\x9b31m")
    #expect(TerminalText.escaped("one\ntwo", lineBreaks: false) == "one\\x0atwo")
  }

  @Test func ordinaryTextIsUnchanged() {
    for text in ["plain", "tab\tand\nlines", "ünïcödé ✓ 한국어", ""] {
      #expect(TerminalText.escaped(text) == text)
    }
  }
}
