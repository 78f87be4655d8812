import YAML

extension ValidationRun {
  /// `prefixItems`, `items`, `minItems`/`maxItems` and `uniqueItems`.
  mutating func checkSequence(
    _ schema: SchemaNodeRef, _ node: YAMLNode, _ items: [YAMLNode], _ location: Location, depth: Int,
    into outcome: inout Outcome
  ) {
    let prefixCount = schema.node.prefixItems.count
    for (index, item) in items.enumerated() {
      let rule = index < prefixCount ? schema.node.prefixItems[index] : schema.node.items
      if let rule {
        outcome.merge(evaluate(rule, item, location.child(index: index), depth: depth + 1))
      }
    }
    checkItemCounts(schema, node, items, location, into: &outcome)
  }

  private func checkItemCounts(
    _ schema: SchemaNodeRef, _ node: YAMLNode, _ items: [YAMLNode], _ location: Location, into outcome: inout Outcome
  ) {
    let rules = schema.node
    if let minimum = rules.minItems, items.count < minimum {
      outcome.add(
        fail(
          schema, "minItems", node, location, detail: "must have at least \(minimum) \(plural(minimum, "item"))",
          expected: "\(minimum)"))
    }
    if let maximum = rules.maxItems, items.count > maximum {
      outcome.add(
        fail(
          schema, "maxItems", node, location, detail: "must have at most \(maximum) \(plural(maximum, "item"))",
          expected: "\(maximum)"))
    }
    guard rules.uniqueItems else { return }
    var first: [String: Int] = [:]
    for (index, item) in items.enumerated() {
      let canonical = CanonicalValue.of(item)
      guard let earlier = first[canonical] else {
        first[canonical] = index
        continue
      }
      let previous = location.child(index: earlier).path.description
      outcome.add(
        fail(
          schema, "uniqueItems", item, location.child(index: index),
          detail: "\(ValueText.render(item)) is a duplicate of \(previous)", expected: previous))
    }
  }
}
