/// Checks a pip requirements file line by line, the way pip reads it, so a typo is reported
/// with its line and column before the plugin is archived rather than when a job installs it.
///
/// Accepted: blank lines, comments, line continuations, pip options (`-r`, `-c`, `-e`,
/// `--index-url`, `--find-links`, `--no-index`, ...), PEP 508 requirements (name, extras,
/// version specifiers, markers, `name @ url`), and bare URLs or paths (`git+https://…`,
/// `./wheels/x.whl`).
public enum RequirementsFile {
  public struct Problem: Sendable, Equatable {
    public let line: Int
    public let column: Int
    public let message: String
  }

  static let options: Set<String> = [
    "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url",
    "--no-index", "-f", "--find-links", "--pre", "--prefer-binary", "--only-binary", "--no-binary",
    "--trusted-host", "--use-feature", "--hash", "--require-hashes",
  ]

  public static func check(_ text: String) -> [Problem] {
    var problems: [Problem] = []
    var logical = ""
    var startLine = 0
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      var line = String(raw)
      if line.hasSuffix("\r") { line.removeLast() }
      if logical.isEmpty { startLine = index + 1 }
      if line.hasSuffix("\\") {
        logical += line.dropLast()
        continue
      }
      logical += line
      if let problem = checkLine(logical, line: startLine) { problems.append(problem) }
      logical = ""
    }
    if !logical.isEmpty, let problem = checkLine(logical, line: startLine) { problems.append(problem) }
    return problems
  }

  static func checkLine(_ full: String, line: Int) -> Problem? {
    // A comment starts at `#` at the line start or after whitespace.
    var text = Substring(full)
    if let hash = commentStart(full) { text = full[..<hash] }
    let leading = text.prefix { $0 == " " || $0 == "\t" }.count
    let body = text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()
    let content = String(body)
    if content.isEmpty { return nil }
    if content.hasPrefix("-") {
      let name = String(content.prefix { $0 != " " && $0 != "=" && $0 != "\t" })
      return options.contains(name)
        ? nil : Problem(line: line, column: leading + 1, message: "unknown pip option '\(name)'")
    }
    if content.contains("://") || content.hasPrefix("./") || content.hasPrefix("../") || content.hasPrefix("/")
      || content.hasSuffix(".whl") || content.hasSuffix(".tar.gz") || content.hasSuffix(".zip")
    {
      if !content.contains("@") || content.hasPrefix("git+") || content.contains("://") && !content.contains(" @ ") {
        return nil
      }
    }
    var requirement = PEP508(content)
    return requirement.check().map { Problem(line: line, column: leading + 1 + $0.offset, message: $0.message) }
  }

  static func commentStart(_ s: String) -> String.Index? {
    var previous: Character = " "
    for i in s.indices {
      if s[i] == "#", previous == " " || previous == "\t" { return i }
      previous = s[i]
    }
    return nil
  }
}

/// A PEP 508 requirement checked with a small recursive-descent reader.
struct PEP508 {
  let chars: [Character]
  var i = 0

  init(_ text: String) {
    chars = Array(text)
  }

  struct Failure {
    let offset: Int
    let message: String
  }

  mutating func check() -> Failure? {
    skipSpace()
    guard let first = peek, first.isLetter || first.isNumber else {
      return Failure(offset: i, message: "expected a package name")
    }
    while let c = peek, c.isLetter || c.isNumber || c == "-" || c == "_" || c == "." { i += 1 }
    skipSpace()
    if peek == "[" {
      i += 1
      while let c = peek, c != "]" {
        guard c.isLetter || c.isNumber || c == "-" || c == "_" || c == "." || c == "," || c == " " else {
          return Failure(offset: i, message: "invalid character '\(c)' in extras")
        }
        i += 1
      }
      guard peek == "]" else { return Failure(offset: i, message: "unclosed '[' in extras") }
      i += 1
      skipSpace()
    }
    if peek == "@" {
      i += 1
      skipSpace()
      let start = i
      while let c = peek, c != " ", c != ";" { i += 1 }
      guard i > start else { return Failure(offset: i, message: "expected a URL after '@'") }
      skipSpace()
    } else if peek == "(" || isOperatorStart {
      let parenthesised = peek == "("
      if parenthesised { i += 1 }
      repeat {
        skipSpace()
        if peek == "," { i += 1; skipSpace() }
        guard let failure = versionClause() else { continue }
        return failure
      } while peek == ","
      skipSpace()
      if parenthesised {
        guard peek == ")" else { return Failure(offset: i, message: "unclosed '('") }
        i += 1
        skipSpace()
      }
    }
    if peek == ";" {
      i += 1
      skipSpace()
      guard i < chars.count else { return Failure(offset: i, message: "expected an environment marker after ';'") }
      return nil
    }
    if i < chars.count {
      return Failure(offset: i, message: "unexpected '\(String(chars[i...]))'")
    }
    return nil
  }

  var peek: Character? { i < chars.count ? chars[i] : nil }

  var isOperatorStart: Bool {
    guard let c = peek else { return false }
    return "<>=!~".contains(c)
  }

  mutating func skipSpace() {
    while let c = peek, c == " " || c == "\t" { i += 1 }
  }

  mutating func versionClause() -> Failure? {
    let start = i
    var op = ""
    while let c = peek, "<>=!~".contains(c) {
      op.append(c)
      i += 1
    }
    guard ["==", "!=", "<=", ">=", "<", ">", "~=", "==="].contains(op) else {
      return Failure(
        offset: start, message: op.isEmpty ? "expected a version operator" : "unknown version operator '\(op)'")
    }
    skipSpace()
    let versionStart = i
    while let c = peek, c.isLetter || c.isNumber || c == "." || c == "*" || c == "+" || c == "-" || c == "_" || c == "!"
    {
      i += 1
    }
    guard i > versionStart else { return Failure(offset: i, message: "expected a version after '\(op)'") }
    skipSpace()
    return nil
  }
}
