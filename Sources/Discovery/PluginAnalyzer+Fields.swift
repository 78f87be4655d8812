import PythonSource

extension PluginAnalyzer {
  /// What one `Field(...)` call (or a plain default) says about a field.
  struct FieldSpec {
    var defaultValue: ParamsField.Default?
    var description: String?
    var constraints: [ParamsField.Constraint] = []
    var jsonSchemaExtra: [OrderedValue.Entry]?
  }

  /// Where a field is being read, for messages.
  struct FieldSite {
    var module: Int
    var location: PythonSourceLocation
    var label: String
  }

  /// One pydantic field from a class-body annotated assignment; nil for statements pydantic does
  /// not treat as fields (`ClassVar`, private names, `model_config`, plain assignments).
  mutating func field(_ assignment: PythonAssignment, module: Int, owner: PythonClassSummary) -> ParamsField? {
    guard var annotation = assignment.annotation, let name = assignment.targets.first,
      !name.hasPrefix("_"), name != "model_config"
    else { return nil }
    if case .string(let text) = annotation { annotation = PythonExpressionParser.parse(text) }
    guard !Self.isClassVar(annotation) else { return nil }
    let site = FieldSite(module: module, location: assignment.location, label: "\(owner.name).\(name)")
    if assignment.isConditional {
      warn(module, assignment.location, "field \(site.label) is defined conditionally; read as if always defined")
    }
    var metadata: [PythonExpression] = []
    while case .subscripted(let generic) = annotation, Self.lastComponent(generic.value) == "Annotated",
      let first = generic.arguments.first
    {
      metadata = Array(generic.arguments.dropFirst()) + metadata
      annotation = first
    }
    let (kind, typeConstraints) = kindOf(annotation, site: site, topLevel: true, depth: 0)

    var annotated = FieldSpec()
    for item in metadata {
      guard case .call(let call) = item else { continue }
      let callee = call.callee.split(separator: ".").last.map(String.init) ?? call.callee
      if callee == "Field" {
        merge(parseField(call, site: site, fromAnnotation: true), into: &annotated)
      } else if let constraint = Self.annotatedTypesConstraint(callee),
        let value = call.arguments.first ?? call.keywords.first?.value,
        let literal = literalValue(value, in: module, before: assignment.location)
      {
        annotated.constraints.append(ParamsField.Constraint(name: constraint, value: literal, fromAnnotation: true))
      }
    }
    var assigned = FieldSpec()
    if let value = assignment.value {
      if case .call(let call) = value, call.callee.split(separator: ".").last == "Field" {
        assigned = parseField(call, site: site, fromAnnotation: false)
      } else {
        assigned.defaultValue = defaultValue(value, site: site)
      }
    }
    var extra = annotated.jsonSchemaExtra
    if let assignedExtra = assigned.jsonSchemaExtra {
      var merged = extra ?? []
      for entry in assignedExtra { merged.set(entry.key, entry.value) }
      extra = merged
    }
    return ParamsField(
      name: name, annotation: assignment.annotationText ?? "", kind: kind,
      defaultValue: assigned.defaultValue ?? annotated.defaultValue ?? .required,
      description: assigned.description ?? annotated.description,
      constraints: assigned.constraints + annotated.constraints + typeConstraints, jsonSchemaExtra: extra,
      declaredIn: qualifiedName(for: owner, in: module), line: assignment.location.line)
  }

  private func qualifiedName(for owner: PythonClassSummary, in module: Int) -> String {
    let name = modules[module].name
    return name.isEmpty ? owner.qualifiedName : name + "." + owner.qualifiedName
  }

  private func merge(_ spec: FieldSpec, into target: inout FieldSpec) {
    if let value = spec.defaultValue { target.defaultValue = value }
    if let description = spec.description { target.description = description }
    target.constraints += spec.constraints
    if let extra = spec.jsonSchemaExtra {
      var merged = target.jsonSchemaExtra ?? []
      for entry in extra { merged.set(entry.key, entry.value) }
      target.jsonSchemaExtra = merged
    }
  }

  /// Reads `Field(default, *, default=..., default_factory=..., description=..., ge=..., ...)`.
  private mutating func parseField(_ call: PythonCall, site: FieldSite, fromAnnotation: Bool) -> FieldSpec {
    var spec = FieldSpec()
    if let first = call.arguments.first { spec.defaultValue = defaultValue(first, site: site) }
    for keyword in call.keywords {
      guard let name = keyword.name else {
        warn(site.module, site.location, "field \(site.label): Field(**...) cannot be fully read")
        continue
      }
      switch name {
      case "default":
        spec.defaultValue = defaultValue(keyword.value, site: site)
      case "default_factory":
        spec.defaultValue = .factory
      case "description":
        switch stringValue(keyword.value, in: site.module, before: site.location) {
        case .string(let text): spec.description = text
        case .none: spec.description = nil
        case .unreadable(let reason):
          warn(site.module, site.location, "field \(site.label): description cannot be read statically (\(reason))")
        }
      case "ge", "gt", "le", "lt", "multiple_of":
        guard let value = literalValue(keyword.value, in: site.module, before: site.location) else {
          warn(
            site.module, site.location,
            "field \(site.label): \(name) is not a literal (\(Self.describe(keyword.value))) and is left out")
          continue
        }
        if value != .null {
          spec.constraints.append(ParamsField.Constraint(name: name, value: value, fromAnnotation: fromAnnotation))
        }
      case "json_schema_extra":
        switch literalValue(keyword.value, in: site.module, before: site.location) {
        case .dict(let entries)?: spec.jsonSchemaExtra = entries
        case .null?: spec.jsonSchemaExtra = nil
        default:
          warn(
            site.module, site.location,
            "field \(site.label): json_schema_extra is not a literal dict "
              + "(\(Self.describe(keyword.value))) and is ignored"
          )
        }
      default:
        continue
      }
    }
    return spec
  }

  private mutating func defaultValue(_ expression: PythonExpression, site: FieldSite) -> ParamsField.Default {
    if expression == .ellipsis { return .required }
    if let value = literalValue(expression, in: site.module, before: site.location) { return .value(value) }
    let text = Self.describe(expression)
    warn(site.module, site.location, "field \(site.label): default \(text) is not a literal; its value is not shown")
    return .unreadable(text)
  }

  /// The form kind of an annotation, and the constraints a constrained type adds.
  private func kindOf(_ annotation: PythonExpression, site: FieldSite, topLevel: Bool, depth: Int) -> (
    ParamsField.Kind, [ParamsField.Constraint]
  ) {
    guard depth < 4 else { return (.other, []) }
    switch annotation {
    case .string(let text):
      return kindOf(PythonExpressionParser.parse(text), site: site, topLevel: topLevel, depth: depth + 1)
    case .name(let dotted):
      let symbol = resolve(dotted, in: site.module, before: site.location)
      if case .builtin(let builtin) = symbol { return (Self.builtinKind(builtin), []) }
      let simple = dotted.split(separator: ".").last.map(String.init) ?? dotted
      guard topLevel, let alias = SynapseCatalog.constrainedTypes[simple] else { return (.other, []) }
      switch symbol {
      case .external(let path) where path.hasPrefix("pydantic"): break
      case .unresolved: break
      default: return (.other, [])
      }
      let constraint = alias.constraint.map {
        ParamsField.Constraint(name: $0.0, value: .int($0.1), fromAnnotation: true)
      }
      return (alias.kind, constraint.map { [$0] } ?? [])
    case .call(let call) where topLevel:
      let kinds: [String: ParamsField.Kind] = ["conint": .integer, "confloat": .float, "constr": .string]
      guard let kind = kinds[call.callee.split(separator: ".").last.map(String.init) ?? ""] else { return (.other, []) }
      // conint/confloat put ge/gt/le/lt in one Interval, which upstream does not read; only
      // multiple_of survives as its own metadata.
      guard let step = call.keyword("multiple_of"), let value = Self.orderedValue(step), value != .null else {
        return (kind, [])
      }
      return (kind, [ParamsField.Constraint(name: "multiple_of", value: value, fromAnnotation: true)])
    case .subscripted(let generic):
      if Self.lastComponent(generic.value) == "Literal" { return (.other, []) }
      guard let first = generic.arguments.first(where: { !Self.isNoneType($0) }) else { return (.other, []) }
      return (argumentKind(first, site: site, depth: depth), [])
    case .union(let items):
      guard let first = items.first(where: { !Self.isNoneType($0) }) else { return (.other, []) }
      return (argumentKind(first, site: site, depth: depth), [])
    default:
      return (.other, [])
    }
  }

  /// A type argument maps only when it is exactly a builtin (`Optional[list[int]]` is `other`).
  private func argumentKind(_ argument: PythonExpression, site: FieldSite, depth: Int) -> ParamsField.Kind {
    switch argument {
    case .string(let text) where depth < 4:
      return argumentKind(PythonExpressionParser.parse(text), site: site, depth: depth + 1)
    case .name(let dotted):
      if case .builtin(let builtin) = resolve(dotted, in: site.module, before: site.location) {
        return Self.builtinKind(builtin)
      }
      return .other
    default:
      return .other
    }
  }

  private static func builtinKind(_ name: String) -> ParamsField.Kind {
    switch name {
    case "int": return .integer
    case "float": return .float
    case "str": return .string
    case "bool": return .boolean
    case "list": return .list
    default: return .other
    }
  }

  private static func isNoneType(_ expression: PythonExpression) -> Bool {
    switch expression {
    case .none: return true
    case .name(let dotted): return dotted == "NoneType" || dotted == "types.NoneType"
    case .other(let text): return text.filter { $0 != " " } == "type(None)"
    default: return false
    }
  }

  static func lastComponent(_ expression: PythonExpression) -> String? {
    guard case .name(let dotted) = expression else { return nil }
    return dotted.split(separator: ".").last.map(String.init)
  }

  static func isClassVar(_ annotation: PythonExpression) -> Bool {
    if lastComponent(annotation) == "ClassVar" { return true }
    if case .subscripted(let generic) = annotation { return lastComponent(generic.value) == "ClassVar" }
    return false
  }

  /// `annotated_types` markers that pydantic keeps as metadata (`Annotated[int, Ge(1)]`).
  static func annotatedTypesConstraint(_ callee: String) -> String? {
    ["Ge": "ge", "Gt": "gt", "Le": "le", "Lt": "lt", "MultipleOf": "multiple_of"][callee]
  }
}
