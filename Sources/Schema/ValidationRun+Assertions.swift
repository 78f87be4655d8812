import YAML

extension ValidationRun {
  /// The keywords that look at the node alone: `type`, `enum`, `const`, the
  /// string and number limits, `deprecated`.
  ///
  /// - Returns: false when the type is wrong, in which case nothing else is
  ///   checked: `code: 123` needs "quote it", not also "must match".
  mutating func checkAssertions(
    _ schema: SchemaNodeRef, _ node: YAMLNode, _ location: Location, into outcome: inout Outcome
  ) -> Bool {
    let instance = Instance(node)
    if case .unsupported = instance {
      // DocumentCheck reports the tag; its value cannot be judged.
      return false
    }
    let rules = schema.node
    if let types = rules.types, !types.contains(where: { instance.hasType($0) }) {
      var finding = fail(
        schema, "type", node, location, detail: TypeMismatch.detail(node, expected: types, location: location),
        expected: JSONType.phrase(for: types))
      finding.expectedTypes = types
      outcome.add(finding)
      return false
    }
    if let values = rules.enumValues { checkEnum(schema, values, node, location, into: &outcome) }
    if let value = rules.constValue { checkConst(schema, value, node, location, into: &outcome) }
    switch instance {
    case .string(let text):
      checkString(schema, node, text, location, into: &outcome)
    case .int, .float:
      checkNumber(schema, node, instance, location, into: &outcome)
    default:
      break
    }
    if rules.deprecated {
      let name = location.keyText ?? location.path.description
      outcome.add(
        fail(
          schema, "deprecated", node, location, detail: "'\(name)' is deprecated", severity: .warning,
          position: location.keyStart))
    }
    return true
  }

  private func checkEnum(
    _ schema: SchemaNodeRef, _ values: [JSONValue], _ node: YAMLNode, _ location: Location, into outcome: inout Outcome
  ) {
    let canonical = CanonicalValue.of(node)
    guard !values.contains(where: { CanonicalValue.of($0) == canonical }) else { return }
    let shown = ValueText.render(node, location)
    let choices = ValueText.list(values)
    let detail: String
    if node.scalar == nil {
      detail = "expected \(values.count == 1 ? "" : "one of ")\(choices), got \(shown)"
    } else {
      detail = values.count == 1 ? "\(shown) must be \(choices)" : "\(shown) is not one of \(choices)"
    }
    outcome.add(fail(schema, "enum", node, location, detail: detail, expected: choices))
  }

  private func checkConst(
    _ schema: SchemaNodeRef, _ value: JSONValue, _ node: YAMLNode, _ location: Location, into outcome: inout Outcome
  ) {
    guard CanonicalValue.of(node) != CanonicalValue.of(value) else { return }
    let expected = ValueText.render(value)
    let shown = ValueText.render(node, location)
    let detail = node.scalar == nil ? "expected \(expected), got \(shown)" : "\(shown) must be \(expected)"
    outcome.add(fail(schema, "const", node, location, detail: detail, expected: expected))
  }

  private mutating func checkString(
    _ schema: SchemaNodeRef, _ node: YAMLNode, _ text: String, _ location: Location, into outcome: inout Outcome
  ) {
    let rules = schema.node
    if rules.minLength != nil || rules.maxLength != nil {
      // JSON Schema counts code points, as Python's len() does.
      let length = text.unicodeScalars.count
      if let minimum = rules.minLength, length < minimum {
        let detail =
          length == 0 && minimum == 1
          ? "must not be empty"
          : "\(ValueText.render(node, location)) is shorter than \(minimum) characters"
        outcome.add(fail(schema, "minLength", node, location, detail: detail, expected: "\(minimum)"))
      }
      if let maximum = rules.maxLength, length > maximum {
        outcome.add(
          fail(
            schema, "maxLength", node, location,
            detail: "\(ValueText.render(node, location)) is longer than \(maximum) characters", expected: "\(maximum)"))
      }
    }
    guard let pattern = rules.pattern else { return }
    switch patterns.matches(pattern, text) {
    case true?:
      break
    case false?:
      outcome.add(
        fail(
          schema, "pattern", node, location, detail: "\(ValueText.render(node, location)) must match \(pattern)",
          expected: pattern))
    case nil:
      let length = text.unicodeScalars.count
      outcome.add(
        Finding(
          severity: .error, path: location.path, position: node.start,
          detail:
            "value of \(length) characters is too long to check against \(pattern) (limit \(PatternCache.maxSubjectLength))",
          keyword: "pattern"))
    }
  }

  private func checkNumber(
    _ schema: SchemaNodeRef, _ node: YAMLNode, _ instance: Instance, _ location: Location, into outcome: inout Outcome
  ) {
    guard let value = instance.number else { return }
    let rules = schema.node
    let shown = ValueText.render(node, location)
    if let limit = rules.minimum, value < limit.value {
      outcome.add(
        fail(
          schema, "minimum", node, location, detail: "\(shown) is less than \(limit.literal)", expected: limit.literal))
    }
    if let limit = rules.maximum, value > limit.value {
      outcome.add(
        fail(
          schema, "maximum", node, location, detail: "\(shown) is greater than \(limit.literal)",
          expected: limit.literal))
    }
    if let limit = rules.exclusiveMinimum, value <= limit.value {
      outcome.add(
        fail(
          schema, "exclusiveMinimum", node, location, detail: "\(shown) must be greater than \(limit.literal)",
          expected: limit.literal))
    }
    if let limit = rules.exclusiveMaximum, value >= limit.value {
      outcome.add(
        fail(
          schema, "exclusiveMaximum", node, location, detail: "\(shown) must be less than \(limit.literal)",
          expected: limit.literal))
    }
  }
}
