import Foundation
import PythonSource
import Testing

/// Checks literal reading against Python itself: `ast.literal_eval` for values, `repr` for floats.
@Suite struct LiteralDifferentialTests {
  /// Python's side of the canonical rendering used to compare values.
  static let canonicalScript = """
    import ast, json, sys
    def canon(v):
        if v is None: return 'None'
        if v is Ellipsis: return '...'
        if isinstance(v, bool): return 'True' if v else 'False'
        if isinstance(v, int): return str(v)
        if isinstance(v, float): return 'f' + repr(v)
        if isinstance(v, str): return json.dumps(v, ensure_ascii=False)
        if isinstance(v, list): return '[' + ', '.join(canon(x) for x in v) + ']'
        if isinstance(v, tuple): return '(' + ', '.join(canon(x) for x in v) + ')'
        if isinstance(v, dict): return '{' + ', '.join(canon(k) + ': ' + canon(x) for k, x in v.items()) + '}'
        return '?'
    for snippet in json.load(open(sys.argv[1])):
        print(json.dumps(canon(ast.literal_eval(snippet)), ensure_ascii=False))
    """

  static func canonical(_ value: PythonExpression) -> String {
    switch value {
    case .none: return "None"
    case .ellipsis: return "..."
    case .bool(let flag): return flag ? "True" : "False"
    case .int(let number): return String(number)
    case .float(let repr): return "f" + repr
    case .string(let text):
      let data = try? JSONSerialization.data(
        withJSONObject: [text], options: [.fragmentsAllowed, .withoutEscapingSlashes])
      let array = data.map { String(decoding: $0, as: UTF8.self) } ?? "[?]"
      return String(array.dropFirst().dropLast())
    case .list(let items): return "[" + items.map(canonical).joined(separator: ", ") + "]"
    case .tuple(let items): return "(" + items.map(canonical).joined(separator: ", ") + ")"
    case .dict(let items):
      return "{" + items.map { canonical($0.key) + ": " + canonical($0.value) }.joined(separator: ", ") + "}"
    default: return "<not literal: \(value)>"
    }
  }

  static let snippets: [String] = [
    #"'plain'"#, #""double""#, #"'''triple\nlines'''"#, #""""tri "quote" """"#, #"r'raw\n\d'"#, #"R"x\\y""#,
    #"u'unicode \u00e9 \U0001F600 \x41 \101 \0 \7'"#, #"'a\tb\\c\'d\"e\a\b\f\v\r'"#, #"'unknown \d \q escapes'"#,
    #"'cont\\#ninued'"#, #"'implicit' "concat" '''enation'''"#, #"('paren'\#n 'joined')"#, #"'日本語 é'"#,
    #"'\777 \400'"#, #"rb'x' if 0 else 'y'"#,
    "0", "1_000_000", "0x1F", "0X_ff", "0o17", "0b101", "00", "9223372036854775807",
    "1.5", ".5", "5.", "1e-6", "1E+16", "1e16", "1e15", "123456789012345678.0", "1e-4", "1e-5", "0.1", "1e22",
    "5e-324", "1.7976931348623157e308", "1e309", "3.141592653589793", "2.5e-7", "1_0.0_1", "100.0", "1e100",
    "-1", "-1.5", "-0.0", "+3", "-1e-06", "- 2",
    "None", "True", "False", "...",
    "[1, 'a', None, True]", "(1,)", "()", "[]", "{}", "(1, 2,)", "[[], [[]], ([],)]",
    "{'a': [1, {'b': (2, 3)}], 'c': -4.0e0}", "{'options': ['s', 'm'], 'exclude_from_ui': True,}",
  ]

  @Test(.enabled(if: PythonOracle.isAvailable))
  func literalsMatchLiteralEval() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("literals-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = directory.appendingPathComponent("snippets.json")
    let usable = Self.snippets.filter { !$0.hasPrefix("rb") }
    try JSONSerialization.data(withJSONObject: usable).write(to: input)
    let output = try PythonOracle.run(Self.canonicalScript, arguments: [input.path])
    let expected = try output.split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed]) as? String)
    }
    #expect(expected.count == usable.count)
    for (snippet, want) in zip(usable, expected) {
      let value = PythonExpressionParser.parse(snippet)
      #expect(value.isLiteral, "\(snippet)")
      #expect(Self.canonical(value) == want, "\(snippet)")
    }
  }

  @Test func nonLiteralsKeepTheirText() {
    #expect(PythonExpressionParser.parse("rb'x' if 0 else 'y'") == .other("rb'x' if 0 else 'y'"))
    #expect(PythonExpressionParser.parse("b'bytes'") == .other("b'bytes'"))
    #expect(PythonExpressionParser.parse("f'{x}' 'y'") == .other("f'{x}' 'y'"))
    #expect(PythonExpressionParser.parse("'\\N{BULLET}'") == .other("'\\N{BULLET}'"))
    #expect(PythonExpressionParser.parse("1 + 2") == .other("1 + 2"))
    #expect(PythonExpressionParser.parse("1j") == .other("1j"))
    #expect(PythonExpressionParser.parse("99999999999999999999") == .other("99999999999999999999"))
    #expect(PythonExpressionParser.parse("[x for x in y]") == .other("[x for x in y]"))
    #expect(PythonExpressionParser.parse("[1, f(x) + 1]") == .list([.int(1), .other("f(x) + 1")]))
    #expect(PythonExpressionParser.parse("--1") == .other("--1"))
    #expect(PythonExpressionParser.parse("{**a, 'b': 1}") == .other("{**a, 'b': 1}"))
  }

  @Test func structuredExpressions() {
    #expect(
      PythonExpressionParser.parse("Field(10, ge=1, description='n', **extra)")
        == .call(
          PythonCall(
            callee: "Field", arguments: [.int(10)],
            keywords: [
              PythonKeywordArgument(name: "ge", value: .int(1)),
              PythonKeywordArgument(name: "description", value: .string("n")),
              PythonKeywordArgument(name: nil, value: .other("**extra")),
            ])))
    #expect(
      PythonExpressionParser.parse("dict[str, list[int]] | None")
        == .union([
          .subscripted(
            PythonSubscript(
              value: .name("dict"),
              arguments: [.name("str"), .subscripted(PythonSubscript(value: .name("list"), arguments: [.name("int")]))])
          ),
          .none,
        ]))
    #expect(
      PythonExpressionParser.parse("typing.Optional[pathlib.Path]")
        == .subscripted(
          PythonSubscript(value: .name("typing.Optional"), arguments: [.name("pathlib.Path")])))
    #expect(PythonExpressionParser.parse("RunMethod.JOB") == .name("RunMethod.JOB"))
    #expect(PythonExpressionParser.parse("f()()") == .other("f()()"))
  }

  @Test func deepNestingIsBoundedNotFatal() {
    let deep = String(repeating: "[", count: 190) + "1" + String(repeating: "]", count: 190)
    var value = PythonExpressionParser.parse(deep)
    var depth = 0
    while case .list(let items) = value, let first = items.first {
      value = first
      depth += 1
    }
    #expect(depth < PythonExpressionParser.maximumDepth)
    if case .other(let text) = value { #expect(text.hasPrefix("[")) } else { Issue.record("expected text") }
  }

  @Test(.enabled(if: PythonOracle.isAvailable))
  func floatReprMatchesPython() throws {
    let script = """
      import random, struct
      random.seed(7)
      values = [0.1, 0.3, 1/3, 2/3, 1e16, 1e15, 9999999999999998.0, 1e-4, 1e-5, 0.0001234, 123456.789, 5e-324,
                2.2250738585072014e-308, 1.7976931348623157e308, 1e23, 8.41e21, 4.35e-5, 100.0, 1e6]
      for _ in range(3000):
          values.append(struct.unpack('<d', struct.pack('<Q', random.getrandbits(64)))[0])
          values.append(random.uniform(-1e6, 1e6))
          values.append(random.random() * 10 ** random.randint(-30, 30))
      for v in values:
          print(repr(v))
      """
    let lines = try PythonOracle.run(script).split(separator: "\n").map(String.init)
    #expect(lines.count > 9000)
    for line in lines {
      let value = Double(line) ?? .nan
      #expect(PythonNumberLiteral.repr(value) == line, "\(line)")
    }
  }
}
