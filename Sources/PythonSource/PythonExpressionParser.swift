/// Reads expressions from tokens into `PythonExpression`, keeping the text of whatever it cannot
/// follow. It never fails: the worst result is `.other(sourceText)`.
public struct PythonExpressionParser {
  /// Containers nested deeper than this are kept as text, which bounds recursion (and the depth
  /// of the values built) whatever the input.
  public static let maximumDepth = 48

  let view: PythonTokenView

  init(view: PythonTokenView) {
    self.view = view
  }

  /// Parses a standalone expression (for example a string annotation such as `'int | None'`).
  public static func parse(_ text: String) -> PythonExpression {
    let source = Array(text.utf8)
    let (tokens, diagnostics) = PythonTokenizer.tokenize(source)
    let view = PythonTokenView(source: source, tokens: tokens)
    let end = view.tokens.firstIndex { [.newline, .endMarker, .indent, .dedent].contains($0.kind) } ?? view.count
    guard diagnostics.isEmpty, end > 0, view.tokens[end...].allSatisfy({ $0.kind != .name && $0.kind != .op })
    else { return .other(text.trimmingSpaces()) }
    return PythonExpressionParser(view: view).expression(0..<end)
  }

  /// An expression list: a tuple when it has top-level commas (`x = 1, 2`).
  func expression(_ range: Range<Int>, depth: Int = 0) -> PythonExpression {
    guard !range.isEmpty else { return .other("") }
    guard depth < Self.maximumDepth, let split = view.split(range, at: ",") else { return .other(view.text(range)) }
    if split.parts.count == 1 { return single(range, depth: depth) }
    guard !split.hasComprehension, let items = elements(split, depth: depth) else { return .other(view.text(range)) }
    return .tuple(items)
  }

  /// The elements of a comma-separated list, allowing one trailing comma; nil if a part is empty.
  private func elements(_ split: TopLevelSplit, depth: Int) -> [PythonExpression]? {
    var parts = split.parts
    if parts.count > 1, let last = parts.last, last.isEmpty { parts.removeLast() }
    guard parts.allSatisfy({ !$0.isEmpty }) else { return nil }
    return parts.map { single($0, depth: depth + 1) }
  }

  /// One expression without top-level commas: a union of postfix expressions, or one of them.
  func single(_ range: Range<Int>, depth: Int) -> PythonExpression {
    guard !range.isEmpty else { return .other("") }
    guard depth < Self.maximumDepth, let split = view.split(range, at: "|") else { return .other(view.text(range)) }
    if split.parts.count == 1 { return postfix(range, depth: depth) }
    guard split.parts.allSatisfy({ !$0.isEmpty }) else { return .other(view.text(range)) }
    return .union(split.parts.map { postfix($0, depth: depth + 1) })
  }

  private func postfix(_ range: Range<Int>, depth: Int) -> PythonExpression {
    guard let (atom, next) = atom(range, depth: depth) else { return .other(view.text(range)) }
    var value = atom
    var index = next
    while index < range.upperBound {
      if view.isOp(index, "."), index + 1 < range.upperBound, view.isIdentifier(index + 1),
        case .name(let dotted) = value
      {
        value = .name(dotted + "." + view.texts[index + 1])
        index += 2
      } else if view.isOp(index, "("), case .name(let callee) = value {
        let closing = view.partner[index]
        guard closing > index, closing < range.upperBound,
          let call = call(callee, arguments: (index + 1)..<closing, depth: depth + 1)
        else { return .other(view.text(range)) }
        value = .call(call)
        index = closing + 1
      } else if view.isOp(index, "[") {
        let closing = view.partner[index]
        guard closing > index, closing < range.upperBound, closing > index + 1,
          let split = view.split((index + 1)..<closing, at: ","), !split.hasComprehension,
          let arguments = elements(split, depth: depth)
        else { return .other(view.text(range)) }
        value = .subscripted(PythonSubscript(value: value, arguments: arguments))
        index = closing + 1
      } else {
        return .other(view.text(range))
      }
    }
    return value
  }

  private func atom(_ range: Range<Int>, depth: Int) -> (PythonExpression, Int)? {
    let index = range.lowerBound
    let token = view.tokens[index]
    switch token.kind {
    case .name:
      switch view.texts[index] {
      case "True": return (.bool(true), index + 1)
      case "False": return (.bool(false), index + 1)
      case "None": return (.none, index + 1)
      default: return view.isIdentifier(index) ? (.name(view.texts[index]), index + 1) : nil
      }
    case .number:
      return (PythonNumberLiteral.value(of: token.text(in: view.source)), index + 1)
    case .string:
      return strings(from: index, limit: range.upperBound)
    case .op:
      return operatorAtom(range, depth: depth)
    default:
      return nil
    }
  }

  /// Adjacent string literals concatenate; any f-string, bytes literal or undecodable escape
  /// makes the whole run `other`.
  private func strings(from start: Int, limit: Int) -> (PythonExpression, Int) {
    var end = start
    var combined = ""
    var readable = true
    while end < limit && view.kind(end) == .string {
      let range = view.tokens[end].byteRange
      if readable, case .text(let text) = PythonStringLiteral.decode(view.source[range]) {
        combined += text
      } else {
        readable = false
      }
      end += 1
    }
    return (readable ? .string(combined) : .other(view.text(start..<end)), end)
  }

  private func operatorAtom(_ range: Range<Int>, depth: Int) -> (PythonExpression, Int)? {
    let index = range.lowerBound
    switch view.texts[index] {
    case "-", "+":
      guard index + 1 < range.upperBound, view.kind(index + 1) == .number else { return nil }
      let number = PythonNumberLiteral.value(of: view.tokens[index + 1].text(in: view.source))
      guard view.texts[index] == "-" else { return (number, index + 2) }
      switch number {
      case .int(let value):
        let (negated, overflow) = (0 as Int).subtractingReportingOverflow(value)
        return overflow ? nil : (.int(negated), index + 2)
      case .float(let repr):
        return (.float(repr.hasPrefix("-") ? String(repr.dropFirst()) : "-" + repr), index + 2)
      default:
        return nil
      }
    case "...":
      return (.ellipsis, index + 1)
    case "(", "[", "{":
      let closing = view.partner[index]
      guard closing > index, closing < range.upperBound else { return nil }
      let inner = (index + 1)..<closing
      guard let value = display(view.texts[index], inner, depth: depth + 1) else { return nil }
      return (value, closing + 1)
    default:
      return nil
    }
  }

  /// A parenthesized expression, tuple, list, set or dict display.
  private func display(_ opening: String, _ inner: Range<Int>, depth: Int) -> PythonExpression? {
    if inner.isEmpty {
      switch opening {
      case "(": return .tuple([])
      case "[": return .list([])
      default: return .dict([])
      }
    }
    guard depth < Self.maximumDepth, let split = view.split(inner, at: ","), !split.hasComprehension else {
      return .other(view.text((inner.lowerBound - 1)..<(inner.upperBound + 1)))
    }
    switch opening {
    case "(":
      if split.parts.count == 1 { return expression(inner, depth: depth) }
      return elements(split, depth: depth).map { .tuple($0) }
    case "[":
      return elements(split, depth: depth).map { .list($0) }
    default:
      let isDict = split.parts.contains { part in
        view.firstTopLevel(":", in: part) != nil || (!part.isEmpty && view.isOp(part.lowerBound, "**"))
      }
      guard isDict else { return elements(split, depth: depth).map { .set($0) } }
      var parts = split.parts
      if parts.count > 1, let last = parts.last, last.isEmpty { parts.removeLast() }
      var items: [PythonDictItem] = []
      for part in parts {
        guard let colon = view.firstTopLevel(":", in: part), colon > part.lowerBound, colon + 1 < part.upperBound
        else { return nil }
        let key = single(part.lowerBound..<colon, depth: depth + 1)
        let value = single((colon + 1)..<part.upperBound, depth: depth + 1)
        items.append(PythonDictItem(key: key, value: value))
      }
      return .dict(items)
    }
  }

  private func call(_ callee: String, arguments range: Range<Int>, depth: Int) -> PythonCall? {
    var call = PythonCall(callee: callee, arguments: [], keywords: [])
    guard !range.isEmpty else { return call }
    guard depth < Self.maximumDepth, let split = view.split(range, at: ","), !split.hasComprehension else {
      return nil
    }
    var parts = split.parts
    if parts.count > 1, let last = parts.last, last.isEmpty { parts.removeLast() }
    for part in parts {
      guard !part.isEmpty else { return nil }
      let first = part.lowerBound
      if view.isOp(first, "**") {
        call.keywords.append(PythonKeywordArgument(name: nil, value: .other(view.text(part))))
      } else if view.isOp(first, "*") {
        call.arguments.append(.other(view.text(part)))
      } else if part.count >= 3, view.isIdentifier(first), view.isOp(first + 1, "=") {
        let value = single((first + 2)..<part.upperBound, depth: depth)
        call.keywords.append(PythonKeywordArgument(name: view.texts[first], value: value))
      } else {
        call.arguments.append(single(part, depth: depth))
      }
    }
    return call
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[first...last])
  }
}
