/// What a new plugin is to be: the answers `synapse plugin create` collects from flags or
/// prompts. ``validate()`` refuses anything that could not become a valid plugin, so the
/// renderer never has to guess.
public struct PluginSpec: Sendable, Equatable, Codable {
  public var name: String
  public var code: String
  public var version: String
  public var description: String
  public var category: PluginCategory
  /// neural_net: the data type and its tasks (bare names, `object_detection`).
  public var dataType: String?
  public var tasks: [String]
  /// smart_tool settings.
  public var annotationCategory: String?
  public var annotationType: String?
  public var smartTool: String?
  /// upload: the data types it imports.
  public var supportedDataTypes: [String]

  public init(
    name: String, code: String, version: String = "0.1.0", description: String? = nil,
    category: PluginCategory, dataType: String? = nil, tasks: [String] = [], annotationCategory: String? = nil,
    annotationType: String? = nil, smartTool: String? = nil, supportedDataTypes: [String] = []
  ) {
    self.name = name
    self.code = code
    self.version = version
    self.description = description ?? "\(name) plugin"
    self.category = category
    self.dataType = dataType
    self.tasks = tasks
    self.annotationCategory = annotationCategory
    self.annotationType = annotationType
    self.smartTool = smartTool
    self.supportedDataTypes = supportedDataTypes
  }

  /// The directory `create` makes: `synapse-<code>-plugin`.
  public var directoryName: String { "synapse-\(code)-plugin" }

  public static let maxNameLength = 200
  public static let maxCodeLength = 64
  public static let maxDescriptionLength = 500

  /// Every problem with the spec, one message each (empty when it is valid).
  public func problems() -> [String] {
    var problems: [String] = []
    problems += Self.nameProblems(name)
    problems += Self.textProblems(description, field: "description", limit: Self.maxDescriptionLength, allowEmpty: true)
    if let problem = Self.codeProblem(code) { problems.append(problem) }
    if !Self.isVersion(version) {
      problems.append("version \(Self.quoted(version)) is not a version like 0.1.0 (MAJOR.MINOR.PATCH)")
    }
    func check(_ value: String?, _ field: String, in allowed: [String]) {
      if let value, !allowed.contains(value) {
        problems.append("\(field) \(Self.quoted(value)) is not one of \(allowed.joined(separator: ", "))")
      }
    }
    check(dataType, "data type", in: PluginCategory.dataTypes)
    if let dataType {
      for task in tasks { check(task, "task for \(dataType)", in: PluginCategory.tasks(for: dataType)) }
    } else if !tasks.isEmpty {
      problems.append("tasks need a data type (--data-type)")
    }
    check(annotationCategory, "annotation category", in: PluginCategory.annotationCategories)
    check(annotationType, "annotation type", in: PluginCategory.annotationTypes)
    check(smartTool, "smart tool type", in: PluginCategory.smartToolKinds)
    for type in supportedDataTypes { check(type, "supported data type", in: PluginCategory.dataTypes) }
    return problems
  }

  /// What is wrong with a display name (empty when nothing).
  public static func nameProblems(_ name: String) -> [String] {
    textProblems(name, field: "name", limit: maxNameLength)
  }

  /// Names and descriptions go into YAML, Python, TOML and Markdown: any text is quoted
  /// correctly, but a line break or control character has no good place in a one-line field.
  static func textProblems(_ text: String, field: String, limit: Int, allowEmpty: Bool = false) -> [String] {
    var problems: [String] = []
    if !allowEmpty && text.allSatisfy(\.isWhitespace) { problems.append("\(field) must not be empty") }
    if text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
      problems.append("\(field) must be one line without control characters")
    }
    if text.count > limit { problems.append("\(field) is \(text.count) characters; at most \(limit) are allowed") }
    return problems
  }

  /// Codes name directories and packages: lowercase letters, digits and inner hyphens.
  public static func codeProblem(_ code: String) -> String? {
    if code.isEmpty { return "code must not be empty" }
    if code.count > maxCodeLength { return "code is \(code.count) characters; at most \(maxCodeLength) are allowed" }
    let bytes = Array(code.utf8)
    let allowed = bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    guard allowed, bytes.first != 0x2D, bytes.last != 0x2D else {
      return "code \(quoted(code)) must be lowercase letters, digits and hyphens, not starting or ending with a hyphen"
        + " (for example \(quoted(slug(code).isEmpty ? "my-plugin" : slug(code))))"
    }
    return nil
  }

  static func isVersion(_ text: String) -> Bool {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 3
      && parts.allSatisfy { part in
        !part.isEmpty && part.utf8.allSatisfy { (0x30...0x39).contains($0) } && (part == "0" || !part.hasPrefix("0"))
      }
  }

  /// Upstream's `slugify`: lowercase, whitespace and underscores to hyphens, anything else
  /// outside `[a-z0-9-]` dropped, hyphens collapsed and trimmed. Non-ASCII letters drop out,
  /// so a name in another script gives an empty slug (and create asks for a code).
  public static func slug(_ name: String) -> String {
    var out: [UInt8] = []
    for scalar in name.lowercased().unicodeScalars {
      let byte: UInt8?
      switch scalar {
      case "a"..."z", "0"..."9", "-": byte = UInt8(scalar.value)
      case "_", " ", "\t", "\n", "\r": byte = 0x2D
      default: byte = nil
      }
      guard let byte else { continue }
      if byte == 0x2D, out.last == 0x2D || out.isEmpty { continue }
      out.append(byte)
    }
    while out.last == 0x2D { out.removeLast() }
    return String(decoding: out.prefix(maxCodeLength), as: UTF8.self).trimmingHyphens()
  }

  static func quoted(_ text: String) -> String {
    "\"" + text.unicodeScalars.map { $0.value < 0x20 ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
      + "\""
  }
}

extension String {
  fileprivate func trimmingHyphens() -> String {
    var text = Substring(self)
    while text.last == "-" { text.removeLast() }
    return String(text)
  }
}
