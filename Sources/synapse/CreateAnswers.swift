import Stages

/// Collects a ``PluginSpec`` from `create`'s flags, asking on a terminal for what is missing
/// (numbered menus), or taking defaults when asking is not possible or not wanted.
struct CreateAnswers {
  let command: CreateCommand
  /// True on a terminal without `-y`.
  let interactive: Bool

  func spec() throws -> PluginSpec {
    try checkFlagsFitCategory()
    let category = try chooseCategory()
    try checkFlags(for: category)
    let name = try chooseName()
    let code = try chooseCode(name: name)
    let version = command.pluginVersion ?? ask("Version", default: "0.1.0")
    let description = command.description ?? ask("Description", default: "\(name) plugin")
    var spec = PluginSpec(name: name, code: code, version: version, description: description, category: category)
    switch category {
    case .neuralNet:
      let dataType = command.dataType ?? choose("Data type", PluginCategory.dataTypes, default: "image")
      spec.dataType = dataType
      let tasks = PluginCategory.tasks(for: dataType)
      spec.tasks = command.tasks.isEmpty && !tasks.isEmpty ? chooseSeveral("Tasks", tasks) : command.tasks
    case .smartTool:
      spec.annotationCategory =
        command.annotationCategory
        ?? choose("Annotation category", PluginCategory.annotationCategories, default: "image")
      spec.annotationType =
        command.annotationType ?? choose("Annotation type", PluginCategory.annotationTypes, default: "bbox")
      spec.smartTool =
        command.smartToolType ?? choose("Smart tool type", PluginCategory.smartToolKinds, default: "interactive")
    case .upload:
      spec.supportedDataTypes =
        command.supportedDataTypes.isEmpty
        ? chooseSeveral("Supported data types", PluginCategory.dataTypes, default: ["image"])
        : command.supportedDataTypes
    default:
      break
    }
    let problems = spec.problems()
    guard problems.isEmpty else { throw CommandFailure(message: problems.joined(separator: "\n")) }
    return spec
  }

  // MARK: - Values

  private func chooseCategory() throws -> PluginCategory {
    if let text = command.category {
      guard let category = PluginCategory(rawValue: text) else {
        throw CommandFailure(
          message: "unknown category \"\(text)\"; choose one of "
            + PluginCategory.allCases.map(\.rawValue).joined(separator: ", "))
      }
      return category
    }
    if interactive {
      let labels = PluginCategory.allCases.map { "\($0.rawValue.padding(to: 15)) \($0.summary)" }
      let index = menu("Plugin category", labels, default: PluginCategory.allCases.firstIndex(of: .neuralNet)!)
      return PluginCategory.allCases[index]
    }
    if command.yes { return .custom }
    throw CommandFailure(
      message: "no --category given and standard input is not a terminal; pass -c "
        + PluginCategory.allCases.map(\.rawValue).joined(separator: "|") + " (or -y for custom)")
  }

  private func chooseName() throws -> String {
    if let name = command.name {
      // Checked before a code is derived from it, so the message is about the name.
      let problems = PluginSpec.nameProblems(name)
      guard problems.isEmpty else { throw CommandFailure(message: problems.joined(separator: "\n")) }
      return name
    }
    if interactive {
      while true {
        let answer = (Prompt.ask("Plugin name: ") ?? "").trimmingWhitespace()
        if !answer.isEmpty { return answer }
        guard Prompt.isInteractive else { break }
        Terminal.standardError.write("The name cannot be empty.\n")
      }
    }
    throw CommandFailure(message: "no --name given; pass -n \"My Plugin\" (there is no default name)")
  }

  private func chooseCode(name: String) throws -> String {
    if let code = command.code { return code }
    let slug = PluginSpec.slug(name)
    if interactive {
      while true {
        let answer = ask("Plugin code", default: slug.isEmpty ? nil : slug)
        guard let problem = PluginSpec.codeProblem(answer) else { return answer }
        Terminal.standardError.write(problem + "\n")
      }
    }
    guard PluginSpec.codeProblem(slug) == nil else {
      throw CommandFailure(
        message: "cannot make a code from the name \"\(name)\" (it has no ASCII letters or digits); pass --code")
    }
    return slug
  }

  // MARK: - Checks

  /// Category flags given for another category are a mistake worth saying, not ignoring.
  private func checkFlagsFitCategory() throws {
    if !command.tasks.isEmpty && command.dataType == nil && command.category != nil
      && command.category != PluginCategory.neuralNet.rawValue
    {
      throw CommandFailure(message: "--task applies to neural_net plugins")
    }
  }

  private func checkFlags(for category: PluginCategory) throws {
    var misplaced: [String] = []
    if category != .neuralNet {
      if command.dataType != nil { misplaced.append("--data-type") }
      if !command.tasks.isEmpty { misplaced.append("--task") }
    }
    if category != .smartTool {
      if command.annotationCategory != nil { misplaced.append("--annotation-category") }
      if command.annotationType != nil { misplaced.append("--annotation-type") }
      if command.smartToolType != nil { misplaced.append("--smart-tool-type") }
    }
    if category != .upload && !command.supportedDataTypes.isEmpty { misplaced.append("--supported-data-type") }
    guard misplaced.isEmpty else {
      throw CommandFailure(
        message: "\(misplaced.joined(separator: ", ")) do not apply to \(category.rawValue) plugins")
    }
  }

  // MARK: - Prompts (only when interactive; otherwise the default)

  private func ask(_ question: String, default fallback: String?) -> String {
    guard interactive else { return fallback ?? "" }
    let suffix = fallback.map { " [\($0)]" } ?? ""
    let answer = (Prompt.ask("\(question)\(suffix): ") ?? "").trimmingWhitespace()
    return answer.isEmpty ? fallback ?? "" : answer
  }

  private func choose(_ question: String, _ options: [String], default fallback: String) -> String {
    guard interactive else { return fallback }
    return options[menu(question, options, default: options.firstIndex(of: fallback) ?? 0)]
  }

  /// A numbered menu; returns the chosen index. Asks again until the answer is a number in
  /// range (or empty, for the default).
  private func menu(_ question: String, _ labels: [String], default fallback: Int) -> Int {
    let err = Terminal.standardError
    err.write("\(question):\n")
    for (index, label) in labels.enumerated() { err.write("  \(index + 1)) \(label)\n") }
    while true {
      guard let answer = Prompt.ask("Choose 1-\(labels.count) [\(fallback + 1)]: ")?.trimmingWhitespace() else {
        return fallback
      }
      if answer.isEmpty { return fallback }
      if let number = Int(answer), (1...labels.count).contains(number) { return number - 1 }
      if let index = labels.firstIndex(where: { $0.hasPrefix(answer) }) { return index }
      err.write("Answer with a number from 1 to \(labels.count).\n")
    }
  }

  /// Several choices as numbers separated by commas or spaces; empty for the default.
  private func chooseSeveral(_ question: String, _ options: [String], default fallback: [String] = []) -> [String] {
    guard interactive else { return fallback }
    let err = Terminal.standardError
    err.write(
      "\(question) (numbers separated by spaces or commas; empty for \(fallback.isEmpty ? "none" : fallback.joined(separator: ", "))):\n"
    )
    for (index, option) in options.enumerated() { err.write("  \(index + 1)) \(option)\n") }
    while true {
      guard let answer = Prompt.ask("Choose: ")?.trimmingWhitespace() else { return fallback }
      if answer.isEmpty { return fallback }
      let parts = answer.split(whereSeparator: { $0 == "," || $0 == " " })
      let numbers = parts.compactMap { Int($0) }
      if numbers.count == parts.count, numbers.allSatisfy({ (1...options.count).contains($0) }) {
        var seen = Set<Int>()
        return numbers.filter { seen.insert($0).inserted }.map { options[$0 - 1] }
      }
      err.write("Answer with numbers from 1 to \(options.count).\n")
    }
  }

  /// What is about to be created, shown before the confirmation.
  static func summary(_ spec: PluginSpec, target: String) -> String {
    var lines = [
      "", "  name         \(spec.name)", "  code         \(spec.code)", "  version      \(spec.version)",
      "  category     \(spec.category.rawValue)", "  description  \(spec.description)",
    ]
    if let dataType = spec.dataType { lines.append("  data type    \(dataType)") }
    if !spec.tasks.isEmpty { lines.append("  tasks        \(spec.tasks.joined(separator: ", "))") }
    if let value = spec.annotationCategory { lines.append("  annotation   \(value)") }
    if let value = spec.annotationType { lines.append("  type         \(value)") }
    if let value = spec.smartTool { lines.append("  tool         \(value)") }
    if !spec.supportedDataTypes.isEmpty {
      lines.append("  data types   \(spec.supportedDataTypes.joined(separator: ", "))")
    }
    lines.append("  actions      \(spec.category.actions.map(\.name).joined(separator: ", "))")
    lines.append("  into         \(target)")
    return lines.joined(separator: "\n") + "\n\n"
  }
}
