extension PythonStructureParser {
  mutating func assignmentStatement(_ range: Range<Int>, in block: Block) {
    guard block.scope != .function else { return }
    let parser = PythonExpressionParser(view: view)
    let first = range.lowerBound
    // Annotated assignment: NAME ':' annotation ['=' value]
    if range.count >= 3, view.isIdentifier(first), view.isOp(first + 1, ":") {
      let equals = view.firstTopLevel("=", in: (first + 2)..<range.upperBound)
      let annotationRange = (first + 2)..<(equals ?? range.upperBound)
      guard !annotationRange.isEmpty else { return }
      let valueRange = equals.map { ($0 + 1)..<range.upperBound }
      record(
        PythonAssignment(
          targets: [view.texts[first]], annotation: parser.single(annotationRange, depth: 0),
          annotationText: view.text(annotationRange), value: valueRange.map { parser.expression($0) },
          valueText: valueRange.map { view.text($0) }, location: view.location(first),
          isConditional: block.isConditional), in: block)
      return
    }
    guard var split = view.split(range, at: "="), split.parts.count > 1 else { return }
    if split.hasLambda {
      // `f = lambda x=1: x` also splits at the lambda's default: only `=` before the lambda count.
      guard let lambda = range.first(where: { view.isName($0, "lambda") }) else { return }
      let separators = split.separators.filter { $0 < lambda }
      guard let last = separators.last else { return }
      split.parts = Array(split.parts.prefix(separators.count)) + [(last + 1)..<range.upperBound]
    }
    let valueRange = split.parts[split.parts.count - 1]
    guard !valueRange.isEmpty else { return }
    let targets = split.parts.dropLast().compactMap { part -> String? in
      part.count == 1 && view.isIdentifier(part.lowerBound) ? view.texts[part.lowerBound] : nil
    }
    guard !targets.isEmpty else { return }
    record(
      PythonAssignment(
        targets: targets, annotation: nil, annotationText: nil, value: parser.expression(valueRange),
        valueText: view.text(valueRange), location: view.location(first), isConditional: block.isConditional),
      in: block)
  }

  private mutating func record(_ assignment: PythonAssignment, in block: Block) {
    switch block.scope {
    case .module: summary.assignments.append(assignment)
    case .classBody(let owner): summary.classes[owner].assignments.append(assignment)
    case .function: break
    }
  }
}
