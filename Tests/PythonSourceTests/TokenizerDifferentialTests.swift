import Foundation
import PythonSource
import Testing

/// Compares the token stream with Python's own `tokenize` module on real files: kinds, text and
/// both positions of every token must agree.
@Suite struct TokenizerDifferentialTests {
  /// Emits one JSON line per file: `{"path", "tokens": [[kind, sl, sc, el, ec, text], ...]}`; files
  /// Python cannot tokenize (or that are not UTF-8) are reported with `"skip"`.
  static let dumpScript = """
    import io, json, sys, tokenize
    for path in sys.argv[1:]:
        data = open(path, 'rb').read()
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
            if encoding not in ('utf-8', 'utf-8-sig'):
                raise ValueError(encoding)
            tokens = [[tokenize.tok_name[t.type], t.start[0], t.start[1], t.end[0], t.end[1], t.string]
                      for t in tokenize.tokenize(io.BytesIO(data).readline) if t.type != tokenize.ENCODING]
            print(json.dumps({'path': path, 'tokens': tokens}))
        except Exception as error:
            print(json.dumps({'path': path, 'skip': repr(error)}))
    """

  static let kindNames: [PythonToken.Kind: String] = [
    .name: "NAME", .number: "NUMBER", .string: "STRING", .op: "OP", .newline: "NEWLINE", .nl: "NL",
    .indent: "INDENT", .dedent: "DEDENT", .comment: "COMMENT", .endMarker: "ENDMARKER", .error: "ERRORTOKEN",
  ]

  /// Python files to compare: the upstream example plugins and a broad slice of the standard
  /// library (not `test_unicode_identifiers.py`: `tokenize` splits names at characters such as
  /// U+E0100 that are XID_Continue, which the language and this tokenizer accept).
  static func corpus() throws -> [String] {
    var paths: [String] = []
    if let fixtures = SourceFixtures.upstream {
      let pristine = fixtures + "/pristine"
      for plugin in try FileManager.default.contentsOfDirectory(atPath: pristine).sorted() {
        let directory = "\(pristine)/\(plugin)/plugin"
        for file in (try? FileManager.default.contentsOfDirectory(atPath: directory))?.sorted() ?? []
        where file.hasSuffix(".py") {
          paths.append("\(directory)/\(file)")
        }
      }
    }
    let stdlib = try PythonOracle.run("import sysconfig; print(sysconfig.get_paths()['stdlib'])")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    for file in try FileManager.default.contentsOfDirectory(atPath: stdlib).sorted() where file.hasSuffix(".py") {
      paths.append("\(stdlib)/\(file)")
    }
    for file in [
      "test/test_grammar.py", "test/test_tokenize.py", "test/test_string_literals.py", "test/test_fstring.py",
      "test/test_syntax.py", "test/test_patma.py", "test/test_types.py", "lib2to3/tests/data/py3_test_grammar.py",
    ] where FileManager.default.fileExists(atPath: "\(stdlib)/\(file)") {
      paths.append("\(stdlib)/\(file)")
    }
    return paths
  }

  /// Tokenizes every path with both tokenizers and records an issue for each file whose streams
  /// differ. Returns how many files and tokens were compared.
  static func compare(_ paths: [String]) throws -> (files: Int, tokens: Int) {
    let output = try PythonOracle.run(dumpScript, arguments: paths)
    var compared = 0
    var tokenCount = 0
    for line in output.split(separator: "\n") {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      let path = try #require(object["path"] as? String)
      guard let expected = object["tokens"] as? [[Any]] else { continue }
      let source = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
      let (tokens, diagnostics) = PythonTokenizer.tokenize(source)
      #expect(diagnostics.isEmpty, "\(path): \(diagnostics)")
      let actual = TokenizerTestSupport.describe(tokens, in: source)
      let wanted = expected.map { item -> String in
        let text = item[5] as? String ?? ""
        return "\(item[0]) \(item[1]):\(item[2])-\(item[3]):\(item[4]) \(String(reflecting: text))"
      }
      if actual != wanted {
        let index =
          zip(actual, wanted).enumerated().first { $0.element.0 != $0.element.1 }?.offset
          ?? min(actual.count, wanted.count)
        let got = index < actual.count ? actual[index] : "<end>"
        let want = index < wanted.count ? wanted[index] : "<end>"
        Issue.record("\(path): token \(index) differs\n  swift:  \(got)\n  python: \(want)")
      }
      compared += 1
      tokenCount += wanted.count
    }
    return (compared, tokenCount)
  }

  @Test(.enabled(if: PythonOracle.isAvailable))
  func tokenStreamsMatchPythonTokenize() throws {
    let paths = try Self.corpus()
    #expect(paths.count > 150)
    let (files, tokens) = try Self.compare(paths)
    #expect(files > 150)
    #expect(tokens > 100_000)
  }

  /// Layout edge cases: missing final newlines, CRLF, tabs, form feeds, comments at the end, a
  /// BOM, continuation lines, strings spanning lines.
  static let snippets: [String] = [
    "x = 1", "# only a comment", "if x:\n    y = 1\n    # trailing comment", "x = (1,\r\n     2)\r\n",
    "if a:\n\tb = 1\n\tif c:\n\t\td = 2\n", "\u{0C}x = 1\n", "x = 1 \\\n  + 2\n", "s = '''a\n# not code'''",
    "  \n", "x = 1\n   ", "def f():\n    return 1\n\n\n", "f'{x!r:>{width}}' rf'{a}\\d' F\"{'q'}\"\n",
    "x = 1if y else 2\n", "x = [1,\n# comment inside\n 2]\n", "@decorator\nclass A: pass\n",
    "a = 0xFF + 0o17 + 0b1 + 1_000.5e-3j + .5 + 5.\n", "x = ...\n", "é = 'ü' # ß\n", "x = '''\r\nabc\r\n'''\r\n",
    "if True:\n    pass\n  # dedented comment\n", "class A:\n    def f(self):\n        pass\n\nx = 1\n",
    "x = ('a'\n     'b')\n", "\u{FEFF}x = 1\n", "s = 'a\\\nb'\n", "\n\n\n", "x = {\n}\n\n# end",
    "  # indented first\nx = 1\n", "if x:\n        a = 1\n        b = 2\nc = 3", "x = 1;y = 2;\n",
    "print(a<b>=c!=d->e:=f)\n",
  ]

  @Test(.enabled(if: PythonOracle.isAvailable))
  func layoutEdgeCasesMatchPythonTokenize() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tok-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var paths: [String] = []
    for (index, snippet) in Self.snippets.enumerated() {
      let path = directory.appendingPathComponent("snippet\(index).py").path
      try Data(snippet.utf8).write(to: URL(fileURLWithPath: path))
      paths.append(path)
    }
    let (files, _) = try Self.compare(paths)
    #expect(files == Self.snippets.count)
  }
}
