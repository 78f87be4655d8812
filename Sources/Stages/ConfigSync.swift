import YAML

/// Plans `update-config`: which values of config.yaml differ from what the code declares,
/// and the surgical edits that bring them in line.
///
/// Follows upstream's syncers (entrypoint, method, input/output types, hyperparameter
/// schemas, the upload `group_name` field) with the guide's semantics where they disagree:
/// an entrypoint in `module:Class` form is kept when it names the same class, and a method
/// written in the file is never overridden. Actions in the file that the code does not
/// define are left alone, except that a legacy string (`export: plugin.export.Exporter`,
/// which upstream's parser drops) becomes the mapping `{entrypoint: ...}` whatever the code
/// holds.
public struct ConfigSync {
  /// One action's changes, as the CLI prints them (`train: output_type=model_weights`).
  public struct ActionChanges: Sendable, Equatable, CustomStringConvertible {
    public let action: String
    public let changes: [String]
    /// True when a change replaces something the file states (an entrypoint, a type or a
    /// parameter form that differs from the code, a legacy string); false when the changes
    /// only add what the file leaves out. The archive's config.yaml is synced either way,
    /// so only the first kind makes the file say something the release will not.
    public let rewritesWrittenValues: Bool
    public var description: String { "\(action): \(changes.joined(separator: ", "))" }

    public init(action: String, changes: [String], rewritesWrittenValues: Bool = false) {
      self.action = action
      self.changes = changes
      self.rewritesWrittenValues = rewritesWrittenValues
    }
  }

  public struct Plan: Sendable {
    /// update-config's edits: entrypoints keep the author's form (`module:Class` stays).
    public let edits: [YAMLEdit]
    /// The same edits with every entrypoint in the `module.Class` form upstream's workers
    /// split on the last dot, including those the code does not touch: the archived
    /// config.yaml (``SyncedConfig``). Rewriting a form is not counted as a change.
    public let dottedEdits: [YAMLEdit]
    public let changes: [ActionChanges]
    public var isEmpty: Bool { changes.isEmpty }
  }

  /// The field upstream appends to every upload action's `ui_schema`.
  static let groupNameField: YAMLValue = .mapping([
    (key: "$formkit", value: .string("text")), (key: "name", value: .string("group_name")),
    (key: "label", value: .string("묶음 이름")), (key: "help", value: .string("데이터 유닛에 할당할 묶음 이름을 입력하세요.")),
    (key: "required", value: .bool(false)),
  ])

  /// Both forms' edits come from one pass (validation needs the one, the archive the other).
  public static func plan(source: [UInt8], root: YAMLNode, specs: [ActionSpec]) -> Plan {
    let editor = YAMLEditor(source: source)
    var edits: [YAMLEdit] = []
    var dotted: [YAMLEdit] = []
    var changes: [ActionChanges] = []
    var newActions: [(key: String, value: YAMLValue)] = []
    func both(_ edit: YAMLEdit) {
      edits.append(edit)
      dotted.append(edit)
    }

    let actionsPair = root.pair(forKey: "actions")
    for spec in specs {
      let existing = actionsPair?.value.pair(forKey: spec.name)
      guard let existing, case .mapping = existing.value.kind else {
        // New action, or a legacy `name: module.Class` string: write the whole mapping.
        // A legacy string becomes a mapping that keeps the written entrypoint.
        let entrypoint = legacyEntrypoint(existing) ?? spec.entrypoint
        var pairs: [(key: String, value: YAMLValue)] = [(key: "entrypoint", value: .string(entrypoint))]
        var items = ["entrypoint=\(entrypoint)"]
        if let method = spec.expectedMethod {
          pairs.append((key: "method", value: .string(method)))
          items.append("method=\(method)")
        }
        for (key, value) in [("input_type", spec.inputType), ("output_type", spec.outputType)] {
          if let value {
            pairs.append((key: key, value: .string(value)))
            items.append("\(key)=\(value)")
          }
        }
        if let (pathPairs, item) = uiSchemaPairs(spec) {
          pairs.append(pathPairs)
          items.append(item)
        }
        if let existing {
          edits.append(replacement(of: existing, with: pairs, in: actionsPair, editor: editor))
          pairs[0].value = .string(ActionSpec.normalized(entrypoint))
          dotted.append(replacement(of: existing, with: pairs, in: actionsPair, editor: editor))
        } else {
          newActions.append((key: spec.name, value: .mapping(pairs)))
        }
        changes.append(ActionChanges(action: spec.name, changes: items, rewritesWrittenValues: existing != nil))
        continue
      }
      var appended: [(key: String, value: YAMLValue)] = []
      var items: [String] = []
      var rewrites = false
      let mapping = existing.value
      if let entry = mapping.pair(forKey: "entrypoint") {
        let written = entry.value.scalar?.value ?? ""
        if ActionSpec.normalized(written) != ActionSpec.normalized(spec.entrypoint) {
          // Keep the author's separator: `module:Class` stays in that form.
          let replacement = written.contains(":") ? colonForm(spec.entrypoint) : spec.entrypoint
          edits.append(editor.replaceScalar(entry.value, with: replacement))
          dotted.append(editor.replaceScalar(entry.value, with: spec.entrypoint))
          items.append("entrypoint=\(replacement)")
          rewrites = true
        } else if written.contains(":") {
          dotted.append(editor.replaceScalar(entry.value, with: ActionSpec.normalized(written)))
        }
      } else {
        appended.append((key: "entrypoint", value: .string(spec.entrypoint)))
        items.append("entrypoint=\(spec.entrypoint)")
      }
      if mapping.pair(forKey: "method") == nil, let method = spec.expectedMethod {
        appended.append((key: "method", value: .string(method)))
        items.append("method=\(method)")
      }
      for (key, wanted) in [("input_type", spec.inputType), ("output_type", spec.outputType)] {
        guard let wanted else { continue }
        if let pair = mapping.pair(forKey: key) {
          if pair.value.scalar?.value != wanted {
            both(editor.replaceValue(of: pair, with: .string(wanted)))
            items.append("\(key)=\(wanted)")
            rewrites = true
          }
        } else {
          appended.append((key: key, value: .string(wanted)))
          items.append("\(key)=\(wanted)")
        }
      }
      if let path = spec.uiSchemaPath, let wanted = desiredUISchema(spec, existing: existingUISchema(mapping, path)) {
        let label = path.joined(separator: ".") + "=[" + names(of: wanted).joined(separator: ", ") + "]"
        if let outer = mapping.pair(forKey: path[0]) {
          if path.count == 1 {
            if !outer.value.value.isEquivalent(to: .sequence(wanted)) {
              both(editor.replaceValue(of: outer, with: .sequence(wanted)))
              items.append(label)
              rewrites = true
            }
          } else if let inner = outer.value.pair(forKey: path[1]) {
            if !inner.value.value.isEquivalent(to: .sequence(wanted)) {
              both(editor.replaceValue(of: inner, with: .sequence(wanted)))
              items.append(label)
              rewrites = true
            }
          } else {
            both(editor.appendPairs([(key: path[1], value: .sequence(wanted))], to: outer))
            items.append(label)
          }
        } else {
          appended.append(
            (
              key: path[0],
              value: path.count == 1 ? .sequence(wanted) : .mapping([(key: path[1], value: .sequence(wanted))])
            ))
          items.append(label)
        }
      }
      if !appended.isEmpty { both(editor.appendPairs(appended, to: existing)) }
      if !items.isEmpty {
        changes.append(ActionChanges(action: spec.name, changes: items, rewritesWrittenValues: rewrites))
      }
    }
    // Actions the code does not define: legacy strings become mappings, and in the dotted
    // form `module:Class` becomes `module.Class`.
    let discovered = Set(specs.map(\.name))
    for pair in actionsPair?.value.mapping ?? [] {
      guard let name = pair.key.scalar?.value, !discovered.contains(name) else { continue }
      if let legacy = legacyEntrypoint(pair) {
        edits.append(
          replacement(of: pair, with: [(key: "entrypoint", value: .string(legacy))], in: actionsPair, editor: editor))
        dotted.append(
          replacement(
            of: pair, with: [(key: "entrypoint", value: .string(ActionSpec.normalized(legacy)))], in: actionsPair,
            editor: editor))
        changes.append(ActionChanges(action: name, changes: ["entrypoint=\(legacy)"], rewritesWrittenValues: true))
      } else if let entry = pair.value.pair(forKey: "entrypoint"), let text = entry.value.scalar?.value,
        text.contains(":")
      {
        dotted.append(editor.replaceScalar(entry.value, with: ActionSpec.normalized(text)))
      }
    }
    if !newActions.isEmpty {
      if let actionsPair {
        both(editor.appendPairs(newActions, to: actionsPair))
      } else if case .mapping = root.kind {
        both(editor.appendPairs([(key: "actions", value: .mapping(newActions))], toBlockMapping: root))
      }
    }
    return Plan(edits: edits, dottedEdits: dotted, changes: changes)
  }

  /// The edit that writes `pairs` as the value of an action: a block under the key, or in a
  /// flow `actions` mapping, where a block cannot go, a flow mapping of its scalars.
  static func replacement(
    of action: YAMLPair, with pairs: [(key: String, value: YAMLValue)], in actions: YAMLPair?, editor: YAMLEditor
  ) -> YAMLEdit {
    let start = actions?.value.start.offset ?? 0
    if let actions, case .mapping = actions.value.kind, start < editor.source.count,
      editor.source[start] == UInt8(ascii: "{")
    {
      var scalars: [String] = []
      for (key, value) in pairs {
        guard case .string(let text) = value else { continue }
        let plain = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "_.-".contains($0) }
        scalars.append("\(key): \(plain ? text : YAMLEmitter.scalar(text, style: .singleQuoted))")
      }
      return YAMLEdit(range: action.value.byteRange, replacement: "{" + scalars.joined(separator: ", ") + "}")
    }
    return editor.replaceValue(of: action, with: .mapping(pairs))
  }

  /// The entrypoint of a legacy `name: module.Class` action: a string, not null or a number.
  static func legacyEntrypoint(_ pair: YAMLPair?) -> String? {
    guard let pair, case .scalar = pair.value.kind, case .string(let s) = pair.value.value, !s.isEmpty else {
      return nil
    }
    return s
  }

  static func colonForm(_ entrypoint: String) -> String {
    guard let dot = entrypoint.lastIndex(of: ".") else { return entrypoint }
    return entrypoint[..<dot] + ":" + entrypoint[entrypoint.index(after: dot)...]
  }

  /// FormKit items plus, for upload, upstream's `group_name` field when the items lack it.
  /// An upload action whose params model cannot be read keeps the items it has (upstream
  /// adds `group_name` to those too).
  static func desiredUISchema(_ spec: ActionSpec, existing: [YAMLValue]? = nil) -> [YAMLValue]? {
    guard var items = spec.uiSchema ?? (spec.name == "upload" ? existing ?? [] : nil) else { return nil }
    if spec.name == "upload", !names(of: items).contains("group_name") { items.append(groupNameField) }
    return items
  }

  /// The items written at `path` in an action's mapping, if that is a list.
  static func existingUISchema(_ mapping: YAMLNode, _ path: [String]) -> [YAMLValue]? {
    var node: YAMLNode? = mapping
    for key in path { node = node?[key] }
    if case .sequence(let items)? = node?.value { return items }
    return nil
  }

  static func uiSchemaPairs(_ spec: ActionSpec) -> ((key: String, value: YAMLValue), String)? {
    guard let path = spec.uiSchemaPath, let items = desiredUISchema(spec) else { return nil }
    let label = path.joined(separator: ".") + "=[" + names(of: items).joined(separator: ", ") + "]"
    let value: YAMLValue = path.count == 1 ? .sequence(items) : .mapping([(key: path[1], value: .sequence(items))])
    return ((key: path[0], value: value), label)
  }

  static func names(of items: [YAMLValue]) -> [String] {
    items.compactMap { item in
      guard case .mapping(let pairs) = item, let name = pairs.first(where: { $0.key == "name" })?.value,
        case .string(let s) = name
      else { return nil }
      return s
    }
  }
}
