extension RequirementsFile {
  /// The distribution name of upstream's SDK, which plugins made by upstream's `plugin create`
  /// list in requirements.txt.
  static let runtimeDistribution = "synapse-sdk"

  /// `text` with the lines that require `synapse-sdk` blanked (line numbers kept), or nil when
  /// there are none, or when the file includes others (`-r`, `-c`: they resolve relative to
  /// it, so it is installed as written).
  ///
  /// Why: a local run gets `synapse_sdk` from synapse's own runtime (first on `PYTHONPATH`),
  /// and the platform's workers have upstream's installed; installing upstream's wheel too
  /// would need Python 3.12 and the network, and fail the run where neither is there.
  public static func withoutRuntime(_ text: String) -> String? {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var dropped = false
    var continued = false
    for index in lines.indices {
      let line = lines[index]
      defer { continued = line.hasSuffix("\\") }
      let content = line.drop { $0 == " " || $0 == "\t" }
      for option in ["-r", "--requirement", "-c", "--constraint"] where content.hasPrefix(option) {
        let rest = content.dropFirst(option.count)
        if rest.isEmpty || rest.first == " " || rest.first == "=" || rest.first == "\t" { return nil }
      }
      if continued || line.hasSuffix("\\") { continue }
      if distributionName(String(content)) == runtimeDistribution {
        lines[index] = ""
        dropped = true
      }
    }
    return dropped ? lines.joined(separator: "\n") : nil
  }

  /// The PEP 503 normalised name a requirement line starts with (`Synapse_SDK>=1` → `synapse-sdk`).
  static func distributionName(_ line: String) -> String? {
    let name = line.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
    guard let first = name.first, first.isLetter || first.isNumber else { return nil }
    var normalised = ""
    for character in name.lowercased() {
      if character == "-" || character == "_" || character == "." {
        if !normalised.hasSuffix("-") { normalised.append("-") }
      } else {
        normalised.append(character)
      }
    }
    return normalised
  }
}
