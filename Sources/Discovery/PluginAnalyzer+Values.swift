import PythonSource

extension PluginAnalyzer {
  /// A literal expression as an `OrderedValue` (tuples and sets become lists, dict keys are
  /// stringified like Python's `str`); nil when the expression is not a literal.
  static func orderedValue(_ expression: PythonExpression) -> OrderedValue? {
    switch expression {
    case .none: return .null
    case .bool(let flag): return .bool(flag)
    case .int(let number): return .int(number)
    case .float(let repr): return .float(repr)
    case .string(let text): return .string(text)
    case .list(let items), .tuple(let items), .set(let items):
      var values: [OrderedValue] = []
      for item in items {
        guard let value = orderedValue(item) else { return nil }
        values.append(value)
      }
      return .list(values)
    case .dict(let items):
      var entries: [OrderedValue.Entry] = []
      for item in items {
        guard let key = dictKey(item.key), let value = orderedValue(item.value) else { return nil }
        entries.set(key, value)
      }
      return .dict(entries)
    default:
      return nil
    }
  }

  private static func dictKey(_ expression: PythonExpression) -> String? {
    switch expression {
    case .string(let text): return text
    case .int(let number): return String(number)
    case .float(let repr): return repr
    case .bool(let flag): return flag ? "True" : "False"
    case .none: return "None"
    default: return nil
    }
  }

  /// The result of reading a value that should be a string.
  enum StringValue: Equatable {
    case string(String)
    case none
    case unreadable(String)
  }

  /// Reads a string-valued expression, following names to module-level string constants.
  func stringValue(_ expression: PythonExpression, in module: Int, before location: PythonSourceLocation?)
    -> StringValue
  {
    switch expression {
    case .string(let text): return .string(text)
    case .none: return .none
    case .name(let dotted):
      switch resolve(dotted, in: module, before: location) {
      case .constant(.string(let text)): return .string(text)
      case .constant(.none): return .none
      case .unresolved(let reason): return .unreadable(reason)
      default: return .unreadable("\(dotted) is not a string constant")
      }
    case .other(let text): return .unreadable(text)
    default: return .unreadable("not a string")
    }
  }

  /// A literal value, following a name to a module-level constant.
  func literalValue(_ expression: PythonExpression, in module: Int, before location: PythonSourceLocation?)
    -> OrderedValue?
  {
    if let value = Self.orderedValue(expression) { return value }
    if case .name(let dotted) = expression, case .constant(let constant) = resolve(dotted, in: module, before: location)
    {
      return Self.orderedValue(constant)
    }
    return nil
  }

  /// Source text to quote in a message.
  static func describe(_ expression: PythonExpression) -> String {
    switch expression {
    case .other(let text): return text
    case .name(let name): return name
    case .call(let call): return call.callee + "(...)"
    default: return "\(expression)"
    }
  }
}
