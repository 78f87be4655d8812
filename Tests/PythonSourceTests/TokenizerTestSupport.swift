import Foundation
import PythonSource

/// Small helpers to read token streams in assertions.
enum TokenizerTestSupport {
  static func tokenize(_ text: String) -> (tokens: [PythonToken], diagnostics: [PythonDiagnostic]) {
    PythonTokenizer.tokenize(Array(text.utf8))
  }

  /// `KIND line:col-line:col 'text'` with 0-based columns, the format of `tokenize`'s dump.
  static func describe(_ tokens: [PythonToken], in source: [UInt8]) -> [String] {
    tokens.map { token in
      let name = TokenizerDifferentialTests.kindNames[token.kind] ?? "?"
      return "\(name) \(token.start.line):\(token.start.column - 1)-\(token.end.line):\(token.end.column - 1) "
        + String(reflecting: token.text(in: source))
    }
  }

  /// Kinds and texts only, skipping the structural tokens, for compact expectations.
  static func texts(_ text: String) -> [String] {
    let source = Array(text.utf8)
    return PythonTokenizer.tokenize(source).tokens.compactMap { token in
      switch token.kind {
      case .newline, .nl, .endMarker, .indent, .dedent: return nil
      default: return "\(token.kind.rawValue):\(token.text(in: source))"
      }
    }
  }
}
