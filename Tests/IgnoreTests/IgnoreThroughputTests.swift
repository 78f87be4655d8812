import Ignore
import Testing

/// Exercises the matcher the way a tree walk does (a few thousand paths against a typical
/// default list) and checks the answers; deliberately no timing assertion.
struct IgnoreThroughputTests {
  static let defaults = [
    ".git/", ".build/", ".swiftpm/", "build/", "dist/", "out/", "node_modules/", ".DS_Store",
    "Thumbs.db", "*.o", "*.a", "*.so", "*.dylib", "*.swp", "*~", "*.tmp", "*.log", ".idea/",
    ".vscode/", "*.xcodeproj/", "xcuserdata/", "DerivedData/", "*.pyc", "__pycache__/", ".cache/",
    "coverage/", "*.profraw", ".env", "*.orig", "*.rej", "/Package.resolved", "docs/**/*.pdf",
    "tmp/", "**/fixtures/large", "!keep.log",
  ]

  @Test func typicalTreeIsClassifiedCorrectly() {
    let matcher = IgnoreMatcher([IgnoreRuleSet(patterns: Self.defaults, base: "", source: "<defaults>")])
    let directories = ["Sources/App", "Sources/Core/Model", "Tests/AppTests", "plugin/src/lib", "docs/guide"]
    let extensions = ["swift", "md", "json", "o", "png", "log", "txt", "h", "c", "tmp"]
    var paths: [(path: String, isDirectory: Bool, expected: Bool)] = []
    var index = 0
    while paths.count < 3_000 {
      let directory = directories[index % directories.count]
      let ext = extensions[index % extensions.count]
      paths.append(("\(directory)/file\(index).\(ext)", false, ["o", "log", "tmp"].contains(ext)))
      if index % 7 == 0 {
        let name = ["build", "cache", "tmp", "node_modules", "assets"][index % 5]
        paths.append(("\(directory)/\(name)", true, name != "cache" && name != "assets"))
      }
      index += 1
    }
    paths.append(("Sources/App/keep.log", false, false))
    paths.append(("docs/guide/a/b/manual.pdf", false, true))
    paths.append(("Package.resolved", false, true))
    paths.append(("sub/Package.resolved", false, false))

    var wrong: [String] = []
    for _ in 0..<5 {
      for entry in paths where matcher.isIgnored(entry.path, isDirectory: entry.isDirectory) != entry.expected {
        wrong.append(entry.path)
      }
    }
    #expect(wrong.isEmpty, "misclassified: \(Set(wrong).sorted().prefix(10))")
  }
}
