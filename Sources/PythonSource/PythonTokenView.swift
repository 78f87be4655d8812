/// The significant tokens of a file (no comments or NL), with their texts and bracket partners
/// precomputed so the structural readers can skip whole bracketed groups in one step.
struct PythonTokenView {
  let source: [UInt8]
  let tokens: [PythonToken]
  /// Text of NAME and OP tokens (empty for the others, which are read from `source` on demand).
  let texts: [String]
  /// For an opening bracket, the index of its closing partner; -1 when it has none.
  let partner: [Int]

  init(source: [UInt8], tokens allTokens: [PythonToken]) {
    self.source = source
    let significant = allTokens.filter { $0.kind != .comment && $0.kind != .nl }
    tokens = significant
    texts = significant.map { token in
      token.kind == .name || token.kind == .op ? token.text(in: source) : ""
    }
    var partner = Array(repeating: -1, count: significant.count)
    var open: [Int] = []
    for (index, text) in texts.enumerated() where significant[index].kind == .op {
      switch text {
      case "(", "[", "{":
        open.append(index)
      case ")", "]", "}":
        if let last = open.last, Self.closes(texts[last], text) {
          open.removeLast()
          partner[last] = index
        }
      default:
        break
      }
    }
    self.partner = partner
  }

  private static func closes(_ opening: String, _ closing: String) -> Bool {
    (opening == "(" && closing == ")") || (opening == "[" && closing == "]") || (opening == "{" && closing == "}")
  }

  var count: Int { tokens.count }

  func kind(_ index: Int) -> PythonToken.Kind { tokens[index].kind }

  func isOp(_ index: Int, _ text: String) -> Bool {
    tokens[index].kind == .op && texts[index] == text
  }

  func isName(_ index: Int, _ text: String) -> Bool {
    tokens[index].kind == .name && texts[index] == text
  }

  /// A NAME token that is an identifier rather than a hard keyword.
  func isIdentifier(_ index: Int) -> Bool {
    tokens[index].kind == .name && !Self.keywords.contains(texts[index])
  }

  func isOpeningBracket(_ index: Int) -> Bool {
    tokens[index].kind == .op && (texts[index] == "(" || texts[index] == "[" || texts[index] == "{")
  }

  func isClosingBracket(_ index: Int) -> Bool {
    tokens[index].kind == .op && (texts[index] == ")" || texts[index] == "]" || texts[index] == "}")
  }

  /// The source text spanning the tokens in `range`, with the original spacing.
  func text(_ range: Range<Int>) -> String {
    guard !range.isEmpty else { return "" }
    let start = tokens[range.lowerBound].byteRange.lowerBound
    let end = tokens[range.upperBound - 1].byteRange.upperBound
    guard start < end else { return "" }
    return String(decoding: source[start..<end], as: UTF8.self)
  }

  func location(_ index: Int) -> PythonSourceLocation { tokens[index].start }

  /// Splits `range` at top-level occurrences of the operator `separator` (brackets are skipped
  /// as wholes), noting whether a top-level `for` (a comprehension) or `lambda` occurs. Returns
  /// nil when a bracket in the range is unbalanced.
  func split(_ range: Range<Int>, at separator: String) -> TopLevelSplit? {
    var result = TopLevelSplit()
    var partStart = range.lowerBound
    var index = range.lowerBound
    while index < range.upperBound {
      if isOpeningBracket(index) {
        let closing = partner[index]
        guard closing > index, closing < range.upperBound else { return nil }
        index = closing + 1
        continue
      }
      if isClosingBracket(index) { return nil }
      if tokens[index].kind == .name {
        if texts[index] == "for" { result.hasComprehension = true }
        if texts[index] == "lambda" { result.hasLambda = true }
      } else if isOp(index, separator) {
        result.parts.append(partStart..<index)
        partStart = index + 1
        result.separators.append(index)
      }
      index += 1
    }
    result.parts.append(partStart..<range.upperBound)
    return result
  }

  /// The first top-level `separator` in `range`, if any.
  func firstTopLevel(_ separator: String, in range: Range<Int>) -> Int? {
    var index = range.lowerBound
    while index < range.upperBound {
      if isOpeningBracket(index) {
        let closing = partner[index]
        guard closing > index else { return nil }
        index = closing + 1
        continue
      }
      if isOp(index, separator) { return index }
      index += 1
    }
    return nil
  }

  static let keywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
  ]
}
