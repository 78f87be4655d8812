import YAML

extension ValidationRun {
  /// `properties`, `patternProperties`, `additionalProperties`,
  /// `propertyNames`, `required`, `minProperties`/`maxProperties` and the
  /// `x-suggest-similar` typo warnings, over the mapping as PyYAML builds it.
  mutating func checkMapping(
    _ schema: SchemaNodeRef, _ node: YAMLNode, _ rawPairs: [YAMLPair], _ location: Location, depth: Int,
    into outcome: inout Outcome
  ) {
    let pairs = EffectiveMapping.pairs(rawPairs)
    var present = Set<String>()
    for pair in pairs {
      let name = Instance(pair.key).string
      let child = location.child(key: pair.key, name: name ?? pair.key.scalar?.value ?? "?")
      var matched = false
      if let name {
        present.insert(name)
        for rule in schema.node.properties where rule.name == name {
          matched = true
          outcome.merge(evaluate(rule.schema, pair.value, child, depth: depth + 1))
        }
        for rule in schema.node.patternProperties where patterns.matches(rule.pattern, name) == true {
          matched = true
          outcome.merge(evaluate(rule.schema, pair.value, child, depth: depth + 1))
        }
      }
      if !matched {
        if let additional = schema.node.additionalProperties {
          if nodes[additional].node.constantResult == false {
            outcome.add(unknownField(schema, pair, name, child))
          } else {
            outcome.merge(evaluate(additional, pair.value, child, depth: depth + 1))
          }
        }
        if let warning = typoWarning(schema, pair, name, child) { outcome.add(warning) }
      }
      if let names = schema.node.propertyNames {
        outcome.merge(evaluate(names, pair.key, location.keyInstance(pair.key), depth: depth + 1))
      }
    }
    checkCounts(schema, node, location, present: present, count: pairs.count, into: &outcome)
  }

  /// A key that `additionalProperties: false` rejects, with the likely
  /// intended field or the list of allowed ones.
  private func unknownField(_ schema: SchemaNodeRef, _ pair: YAMLPair, _ name: String?, _ child: Location) -> Finding {
    let declared = schema.node.properties.map(\.name)
    let detail: String
    if let name, let suggestion = SimilarName.suggestion(for: name, among: declared) {
      detail = "unknown field (did you mean \(suggestion)?)"
    } else if declared.isEmpty {
      detail = "unknown field"
    } else {
      detail = "unknown field (expected \(choiceList(declared)))"
    }
    return fail(
      schema, "additionalProperties", pair.value, child, detail: detail, expected: declared.joined(separator: ", "),
      position: pair.key.start)
  }

  /// `x-suggest-similar`: an allowed but unknown key that looks like a
  /// declared field, most likely a typo the SDK would silently ignore.
  private func typoWarning(_ schema: SchemaNodeRef, _ pair: YAMLPair, _ name: String?, _ child: Location) -> Finding? {
    guard schema.node.suggestSimilar, let name else { return nil }
    if let additional = schema.node.additionalProperties, nodes[additional].node.constantResult == false {
      return nil
    }
    guard let suggestion = SimilarName.suggestion(for: name, among: schema.node.properties.map(\.name)) else {
      return nil
    }
    return Finding(
      severity: .warning, path: child.path, position: pair.key.start,
      detail: "unknown field, ignored (did you mean \(suggestion)?)", keyword: "x-suggest-similar")
  }

  private func checkCounts(
    _ schema: SchemaNodeRef, _ node: YAMLNode, _ location: Location, present: Set<String>, count: Int,
    into outcome: inout Outcome
  ) {
    let rules = schema.node
    for name in rules.required where !present.contains(name) {
      outcome.add(
        fail(
          schema, "required", node, location, detail: "missing required field '\(name)'", expected: name,
          position: location.keyStart ?? node.start))
    }
    if let minimum = rules.minProperties, count < minimum {
      outcome.add(
        fail(
          schema, "minProperties", node, location,
          detail: "must have at least \(minimum) \(plural(minimum, "field"))", expected: "\(minimum)"))
    }
    if let maximum = rules.maxProperties, count > maximum {
      outcome.add(
        fail(
          schema, "maxProperties", node, location, detail: "must have at most \(maximum) \(plural(maximum, "field"))",
          expected: "\(maximum)"))
    }
  }

  private func choiceList(_ names: [String]) -> String {
    guard let last = names.last else { return "" }
    return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
  }
}
