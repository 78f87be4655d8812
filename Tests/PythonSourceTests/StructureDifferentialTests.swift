import Foundation
import PythonSource
import Testing

/// Compares the structural summary with Python's `ast` on real files: every class (name,
/// position, nesting, bases, keywords, body assignments), every module-level import and
/// assignment must agree.
@Suite struct StructureDifferentialTests {
  static let astScript = """
    import ast, json, sys

    def dotted(e):
        if isinstance(e, ast.Name): return e.id
        if isinstance(e, ast.Attribute):
            v = dotted(e.value)
            return v + '.' + e.attr if v else None
        return None

    def base_name(e):
        if isinstance(e, ast.Subscript): return dotted(e.value)
        return dotted(e)

    def targets_of(stmt):
        if isinstance(stmt, ast.Assign):
            names = [t.id for t in stmt.targets if isinstance(t, ast.Name)]
            return names or None
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.simple:
            return [stmt.target.id]
        return None

    def scope_statements(body):
        # statements executed in this scope: nested compound blocks but not functions/classes
        for stmt in body:
            yield stmt
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            for field in ('body', 'handlers', 'cases', 'orelse', 'finalbody'):
                for child in getattr(stmt, field, []) or []:
                    if isinstance(child, (ast.ExceptHandler, ast.match_case)):
                        yield from scope_statements(child.body)
                    else:
                        yield from scope_statements([child])

    def unique(stmts):
        seen, out = set(), []
        for s in stmts:
            if id(s) not in seen:
                seen.add(id(s)); out.append(s)
        return out

    def summarize(tree):
        classes = []
        def walk(node, depth, module_level):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.ClassDef):
                    body = unique(scope_statements(child.body))
                    assigns = [[targets_of(s), s.lineno, s.value is not None] for s in body if targets_of(s)]
                    classes.append([child.name, child.lineno, child.col_offset, module_level, depth + 1,
                                    [base_name(b) for b in child.bases if not isinstance(b, ast.Starred)],
                                    [k.arg for k in child.keywords], assigns])
                    walk(child, depth + 1, False)
                elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    walk(child, depth + 1, False)
                else:
                    walk(child, depth + 1, module_level)
        walk(tree, 0, True)
        classes.sort(key=lambda c: (c[1], c[2]))
        module_body = unique(scope_statements(tree.body))
        imports = []
        for s in module_body:
            if isinstance(s, ast.Import):
                imports.append(['module', None, 0, [[a.name, a.asname] for a in s.names], s.lineno])
            elif isinstance(s, ast.ImportFrom):
                imports.append(['from', s.module, s.level, [[a.name, a.asname] for a in s.names], s.lineno])
        assigns = [[targets_of(s), s.lineno] for s in module_body if targets_of(s)]
        return {'classes': classes, 'imports': imports, 'assignments': assigns}

    for path in sys.argv[1:]:
        try:
            tree = ast.parse(open(path, 'rb').read())
        except Exception as error:
            print(json.dumps({'path': path, 'skip': repr(error)}))
            continue
        result = summarize(tree)
        result['path'] = path
        print(json.dumps(result))
    """

  /// Our summary in the script's shape.
  static func shape(_ summary: PythonModuleSummary) -> [String: Any] {
    let classes: [[Any]] = summary.classes.map { item in
      [
        item.name, item.location.line, item.location.column - 1, item.isModuleLevel, item.syntaxDepth,
        item.bases.map { $0.name.map { $0 as Any } ?? NSNull() },
        item.keywords.map { $0.name.map { $0 as Any } ?? NSNull() },
        item.assignments.map { [$0.targets, $0.location.line, $0.value != nil] as [Any] },
      ]
    }
    let imports: [[Any]] = summary.imports.filter(\.isModuleLevel).map { item in
      [
        item.kind.rawValue, item.module.map { $0 as Any } ?? NSNull(), item.level,
        item.names.map { [$0.name, $0.alias.map { $0 as Any } ?? NSNull()] }, item.location.line,
      ]
    }
    let assignments: [[Any]] = summary.assignments.map { [$0.targets, $0.location.line] }
    return ["classes": classes, "imports": imports, "assignments": assignments]
  }

  static func canonicalJSON(_ value: Any) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
  }

  @Test(.enabled(if: PythonOracle.isAvailable))
  func summariesMatchPythonAST() throws {
    let paths = try TokenizerDifferentialTests.corpus()
    let output = try PythonOracle.run(Self.astScript, arguments: paths)
    var compared = 0
    var classCount = 0
    for line in output.split(separator: "\n") {
      var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      let path = try #require(object.removeValue(forKey: "path") as? String)
      guard object["skip"] == nil else { continue }
      let source = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
      let summary = PythonModuleSummary.scan(source)
      #expect(!summary.hasErrors, "\(path): \(summary.diagnostics.filter { $0.severity == .error })")
      let ours = Self.shape(summary)
      for key in ["classes", "imports", "assignments"] {
        let want = (object[key] as? [Any]) ?? []
        let got = (ours[key] as? [Any]) ?? []
        guard try Self.canonicalJSON(want) != Self.canonicalJSON(got) else { continue }
        let count = min(want.count, got.count)
        var index = 0
        while index < count, try Self.canonicalJSON([want[index]]) == Self.canonicalJSON([got[index]]) { index += 1 }
        let wantItem = index < want.count ? try Self.canonicalJSON([want[index]]) : "<none>"
        let gotItem = index < got.count ? try Self.canonicalJSON([got[index]]) : "<none>"
        Issue.record("\(path) \(key)[\(index)]\n  swift:  \(gotItem)\n  python: \(wantItem)")
      }
      compared += 1
      classCount += (object["classes"] as? [Any])?.count ?? 0
    }
    #expect(compared > 150)
    #expect(classCount > 800)
  }
}
