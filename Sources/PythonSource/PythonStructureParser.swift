/// Walks logical lines and the INDENT/DEDENT structure to build a `PythonModuleSummary`.
///
/// This is not a Python parser: it recognizes statement heads (`class`, `def`, `import`,
/// compound headers, assignments) and leaves everything else alone, which is enough to know
/// what a module and its classes bind.
struct PythonStructureParser {
  let view: PythonTokenView
  var summary = PythonModuleSummary()

  init(view: PythonTokenView) {
    self.view = view
  }

  /// Where the statements of a block run.
  enum Scope: Equatable {
    case module
    case classBody(Int)
    case function
  }

  /// The block whose statements are being read.
  struct Block {
    var scope: Scope
    /// AST depth of the statements in this block.
    var depth: Int
    var isConditional: Bool
    /// Prefix for qualified names of classes defined here.
    var qualifiedPrefix: String
    /// The last compound statement at this level, for `elif`/`else`/`except`/`finally`.
    var lastCompound: (keyword: String, depth: Int)?
  }

  private var blocks: [Block] = [Block(scope: .module, depth: 1, isConditional: false, qualifiedPrefix: "")]
  private var pendingBlock: Block?
  private var pendingDecorators: [(expression: PythonExpression, location: PythonSourceLocation)] = []

  mutating func run() {
    var index = 0
    while index < view.count {
      switch view.kind(index) {
      case .indent:
        if let block = pendingBlock {
          blocks.append(block)
          pendingBlock = nil
        } else {
          warn(.error, "unexpected indent", at: index)
          var copy = blocks[blocks.count - 1]
          copy.lastCompound = nil
          blocks.append(copy)
        }
        index += 1
        continue
      case .dedent:
        if blocks.count > 1 { blocks.removeLast() }
        index += 1
        continue
      case .endMarker:
        return
      case .newline:
        index += 1
        continue
      default:
        break
      }
      if pendingBlock != nil {
        warn(.error, "expected an indented block", at: index)
        pendingBlock = nil
      }
      var end = index
      while end < view.count && ![.newline, .endMarker, .indent, .dedent].contains(view.kind(end)) { end += 1 }
      let depth = blocks.count - 1
      statement(index..<end, blockIndex: depth)
      index = end
    }
  }

  // MARK: - Statements

  private mutating func statement(_ range: Range<Int>, blockIndex: Int) {
    let first = range.lowerBound
    let block = blocks[blockIndex]
    if view.isOp(first, "@") {
      let expression = PythonExpressionParser(view: view).expression((first + 1)..<range.upperBound)
      pendingDecorators.append((expression, view.location(first)))
      return
    }
    let isClass = view.isName(first, "class")
    let isFunction =
      view.isName(first, "def")
      || (view.isName(first, "async") && first + 1 < range.upperBound && view.isName(first + 1, "def"))
    if !pendingDecorators.isEmpty && !isClass && !isFunction {
      warn(.error, "decorator not followed by a class or function definition", at: first)
      pendingDecorators = []
    }
    if isClass {
      classStatement(range, in: block)
    } else if isFunction {
      functionStatement(range, in: block)
    } else if let header = compoundHeader(range) {
      compoundStatement(range, header: header, blockIndex: blockIndex)
    } else {
      simpleStatements(range, in: block)
    }
  }

  /// The index of the `:` ending a compound statement's header, if `range` starts with one.
  private func compoundHeader(_ range: Range<Int>) -> Int? {
    let first = range.lowerBound
    guard view.kind(first) == .name else { return nil }
    let keyword = view.texts[first]
    let known: Set<String> = ["if", "elif", "else", "for", "while", "try", "except", "finally", "with", "async"]
    if known.contains(keyword) { return headerColon(range) }
    if keyword == "match" || keyword == "case" {
      // Soft keywords: a header only when the line ends with its `:` (`match = 1` is an assignment).
      guard let last = range.last, view.isOp(last, ":"), range.count > 2, !view.isOp(first + 1, "=") else {
        return nil
      }
      return headerColon(range)
    }
    return nil
  }

  /// The first top-level `:` that is not a lambda's.
  private func headerColon(_ range: Range<Int>) -> Int? {
    var lambdas = 0
    var index = range.lowerBound
    while index < range.upperBound {
      if view.isOpeningBracket(index) {
        let closing = view.partner[index]
        guard closing > index else { return nil }
        index = closing + 1
        continue
      }
      if view.isName(index, "lambda") { lambdas += 1 }
      if view.isOp(index, ":") {
        if lambdas == 0 { return index }
        lambdas -= 1
      }
      index += 1
    }
    return nil
  }

  private mutating func compoundStatement(_ range: Range<Int>, header colon: Int, blockIndex: Int) {
    var keyword = view.texts[range.lowerBound]
    if keyword == "async", range.count > 1 { keyword += " " + view.texts[range.lowerBound + 1] }
    let block = blocks[blockIndex]
    let last = block.lastCompound
    var bodyDepth = block.depth + 1
    switch keyword {
    case "elif":
      let node = (last?.depth ?? block.depth) + 1
      bodyDepth = node + 1
      blocks[blockIndex].lastCompound = ("elif", node)
    case "else", "finally":
      bodyDepth = (last?.depth ?? block.depth) + 1
    case "except":
      bodyDepth = (last?.depth ?? block.depth) + 2
    default:
      blocks[blockIndex].lastCompound = (keyword, block.depth)
    }
    let body = Block(
      scope: block.scope, depth: bodyDepth, isConditional: true, qualifiedPrefix: block.qualifiedPrefix,
      lastCompound: nil)
    openBody(body, after: colon, in: range)
  }

  /// Either reads the statements after the header's `:` on the same line, or expects the next
  /// line to open the block.
  private mutating func openBody(_ body: Block, after colon: Int, in range: Range<Int>) {
    if colon + 1 < range.upperBound {
      blocks.append(body)
      simpleStatements((colon + 1)..<range.upperBound, in: body)
      blocks.removeLast()
    } else {
      pendingBlock = body
    }
  }

  private mutating func classStatement(_ range: Range<Int>, in block: Block) {
    let decorators = pendingDecorators.map(\.expression)
    pendingDecorators = []
    let start = range.lowerBound
    guard start + 1 < range.upperBound, view.isIdentifier(start + 1) else {
      warn(.error, "class statement without a name", at: start)
      return
    }
    let name = view.texts[start + 1]
    var index = start + 2
    if index < range.upperBound, view.isOp(index, "[") {
      // PEP 695 type parameters: `class A[T](Base):`
      let closing = view.partner[index]
      guard closing > index else { return }
      index = closing + 1
    }
    var bases: [PythonClassBase] = []
    var keywords: [PythonKeywordArgument] = []
    if index < range.upperBound, view.isOp(index, "(") {
      let closing = view.partner[index]
      guard closing > index, closing < range.upperBound else {
        warn(.error, "class \(name): unbalanced parentheses in the class header", at: start)
        return
      }
      (bases, keywords) = classArguments((index + 1)..<closing, className: name)
      index = closing + 1
    }
    guard index < range.upperBound, view.isOp(index, ":") else {
      warn(.error, "class \(name): expected ':' after the class header", at: start)
      return
    }
    let qualifiedName = block.qualifiedPrefix + name
    let summary = PythonClassSummary(
      name: name, qualifiedName: qualifiedName, location: view.location(start), isModuleLevel: block.scope == .module,
      isConditional: block.isConditional, syntaxDepth: block.depth, decorators: decorators, bases: bases,
      keywords: keywords)
    if case .classBody(let outer) = block.scope { self.summary.classes[outer].nestedClassNames.append(name) }
    self.summary.classes.append(summary)
    let body = Block(
      scope: .classBody(self.summary.classes.count - 1), depth: block.depth + 1, isConditional: false,
      qualifiedPrefix: qualifiedName + ".", lastCompound: nil)
    openBody(body, after: index, in: range)
  }

  private mutating func classArguments(_ range: Range<Int>, className: String) -> (
    [PythonClassBase], [PythonKeywordArgument]
  ) {
    var bases: [PythonClassBase] = []
    var keywords: [PythonKeywordArgument] = []
    guard !range.isEmpty, let split = view.split(range, at: ",") else { return (bases, keywords) }
    let parser = PythonExpressionParser(view: view)
    for part in split.parts where !part.isEmpty {
      let first = part.lowerBound
      let text = view.text(part)
      if view.isOp(first, "*") || view.isOp(first, "**") {
        warn(.warning, "class \(className): base expression too dynamic to read: \(text)", at: first)
        if view.isOp(first, "**") { keywords.append(PythonKeywordArgument(name: nil, value: .other(text))) }
        continue
      }
      if part.count >= 3, view.isIdentifier(first), view.isOp(first + 1, "=") {
        let value = parser.single((first + 2)..<part.upperBound, depth: 0)
        keywords.append(PythonKeywordArgument(name: view.texts[first], value: value))
        continue
      }
      let expression = parser.single(part, depth: 0)
      var base = PythonClassBase(
        text: text, expression: expression, name: nil, genericArguments: [], genericArgumentText: nil)
      switch expression {
      case .name(let dotted):
        base.name = dotted
      case .subscripted(let generic):
        if case .name(let dotted) = generic.value {
          base.name = dotted
          base.genericArguments = generic.arguments
          if let open = (part.lowerBound..<part.upperBound).first(where: { view.isOp($0, "[") }) {
            base.genericArgumentText = view.text((open + 1)..<view.partner[open])
          }
        }
      default:
        break
      }
      if base.name == nil {
        warn(.warning, "class \(className): base expression too dynamic to read: \(text)", at: first)
      }
      bases.append(base)
    }
    return (bases, keywords)
  }

  private mutating func functionStatement(_ range: Range<Int>, in block: Block) {
    let decorators = pendingDecorators.map(\.expression)
    pendingDecorators = []
    let start = range.lowerBound
    let isAsync = view.isName(start, "async")
    let nameIndex = start + (isAsync ? 2 : 1)
    guard nameIndex < range.upperBound, view.isIdentifier(nameIndex) else {
      warn(.error, "function definition without a name", at: start)
      return
    }
    let name = view.texts[nameIndex]
    let function = PythonFunctionSummary(
      name: name, location: view.location(start), decorators: decorators, isAsync: isAsync,
      isConditional: block.isConditional)
    switch block.scope {
    case .module: summary.functions.append(function)
    case .classBody(let owner): summary.classes[owner].methods.append(function)
    case .function: break
    }
    let body = Block(
      scope: .function, depth: block.depth + 1, isConditional: false,
      qualifiedPrefix: block.qualifiedPrefix + name + ".<locals>.", lastCompound: nil)
    guard let colon = headerColon((nameIndex + 1)..<range.upperBound) else {
      warn(.error, "def \(name): expected ':' after the function header", at: start)
      return
    }
    openBody(body, after: colon, in: range)
  }

  /// Statements separated by `;` on one logical line.
  private mutating func simpleStatements(_ range: Range<Int>, in block: Block) {
    guard let split = view.split(range, at: ";") else { return }
    for part in split.parts where !part.isEmpty {
      if view.isName(part.lowerBound, "import") || view.isName(part.lowerBound, "from") {
        importStatement(part, in: block)
      } else {
        assignmentStatement(part, in: block)
      }
    }
  }

  mutating func warn(_ severity: PythonDiagnostic.Severity, _ message: String, at index: Int) {
    summary.diagnostics.append(PythonDiagnostic(severity, message, at: view.location(index)))
  }
}
