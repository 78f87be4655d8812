extension PythonStructureParser {
  mutating func importStatement(_ range: Range<Int>, in block: Block) {
    let start = range.lowerBound
    let location = view.location(start)
    let isModuleLevel = block.scope == .module
    if view.isName(start, "import") {
      var names: [PythonImportedName] = []
      for part in view.split((start + 1)..<range.upperBound, at: ",")?.parts ?? [] {
        guard let (name, alias) = importedName(part, dotted: true) else {
          warn(.warning, "import statement too unusual to read", at: start)
          return
        }
        names.append(PythonImportedName(name: name, alias: alias))
      }
      summary.imports.append(
        PythonImport(
          kind: .module, module: nil, level: 0, names: names, location: location, isModuleLevel: isModuleLevel,
          isConditional: block.isConditional))
      return
    }
    var index = start + 1
    var level = 0
    while index < range.upperBound, view.isOp(index, ".") || view.isOp(index, "...") {
      level += view.texts[index].count
      index += 1
    }
    var moduleParts: [String] = []
    while index < range.upperBound, view.isIdentifier(index) {
      moduleParts.append(view.texts[index])
      index += 1
      if index < range.upperBound, view.isOp(index, ".") { index += 1 } else { break }
    }
    guard index < range.upperBound, view.isName(index, "import"), level > 0 || !moduleParts.isEmpty else {
      warn(.warning, "import statement too unusual to read", at: start)
      return
    }
    index += 1
    var nameRange = index..<range.upperBound
    if index < range.upperBound, view.isOp(index, "(") {
      let closing = view.partner[index]
      guard closing > index else { return }
      nameRange = (index + 1)..<closing
    }
    var names: [PythonImportedName] = []
    if nameRange.count == 1, view.isOp(nameRange.lowerBound, "*") {
      names = [PythonImportedName(name: "*", alias: nil)]
    } else {
      for part in view.split(nameRange, at: ",")?.parts ?? [] where !part.isEmpty {
        guard let (name, alias) = importedName(part, dotted: false) else {
          warn(.warning, "import statement too unusual to read", at: start)
          return
        }
        names.append(PythonImportedName(name: name, alias: alias))
      }
    }
    summary.imports.append(
      PythonImport(
        kind: .from, module: moduleParts.isEmpty ? nil : moduleParts.joined(separator: "."), level: level, names: names,
        location: location, isModuleLevel: isModuleLevel, isConditional: block.isConditional))
  }

  /// `a.b.c [as d]` (or a single name when not `dotted`).
  private func importedName(_ range: Range<Int>, dotted: Bool) -> (String, String?)? {
    var index = range.lowerBound
    var parts: [String] = []
    while index < range.upperBound, view.isIdentifier(index) {
      parts.append(view.texts[index])
      index += 1
      guard dotted, index < range.upperBound, view.isOp(index, ".") else { break }
      index += 1
    }
    guard !parts.isEmpty else { return nil }
    if index == range.upperBound { return (parts.joined(separator: "."), nil) }
    guard index + 2 == range.upperBound, view.isName(index, "as"), view.isIdentifier(index + 1) else { return nil }
    return (parts.joined(separator: "."), view.texts[index + 1])
  }
}
