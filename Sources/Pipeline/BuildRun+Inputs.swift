import Hashing

extension BuildRun {
  /// A stage's inputs, resolved to content, and the key they hash to.
  struct ResolvedInputs {
    var key: Digest
    var values: [String: String] = [:]
    var files: [String: StageContext.ResolvedFile] = [:]
    var trees: [String: TreeListing] = [:]
    var upstream: [String: StageOutputs] = [:]
    var record: WorkspaceState.StageRecord
  }

  func resolveInputs(of stage: any Stage) throws -> ResolvedInputs {
    let encoder = KeyEncoder(domain: "stage")
    encoder.field(stage.name)
    encoder.integer(stage.version)
    encoder.tag(stage.isCacheable ? 1 : 0)
    var values: [String: String] = [:]
    var files: [String: StageContext.ResolvedFile] = [:]
    var trees: [String: TreeListing] = [:]
    var upstream: [String: StageOutputs] = [:]
    var records: [WorkspaceState.InputRecord] = []
    let snapshotter = FileSnapshotter(statCache: statCache)
    let workspace = engine.workspace

    for input in stage.inputs {
      let digest: Digest
      var manifest: String?
      switch input {
      case .value(let name, let value):
        values[name] = value
        digest = SHA256.hash(string: value)
        encoder.tag(1)
      case .secret(let name, let value):
        values[name] = value
        digest = SHA256.hash(string: "secret\u{0}" + value)
        encoder.tag(2)
      case .file(let path):
        let absolute = FilePath.join(workspace, path)
        let st = try FileSystem.stat(absolute)
        guard st.kind == .regular else {
          throw st.kind == .directory
            ? PipelineError.directoryNotFile(path: absolute) : PipelineError.unsupportedFileType(path: absolute)
        }
        digest = try snapshotter.digest(
          key: path, absolutePath: absolute, stat: st, hasher: FileHasher(bufferSize: 1 << 16))
        files[path] = StageContext.ResolvedFile(
          path: path, absolutePath: absolute, digest: digest, size: st.size)
        encoder.tag(3)
      case .optionalFile(let path):
        let absolute = FilePath.join(workspace, path)
        if FileSystem.exists(absolute) {
          let st = try FileSystem.stat(absolute)
          guard st.kind == .regular else {
            throw st.kind == .directory
              ? PipelineError.directoryNotFile(path: absolute) : PipelineError.unsupportedFileType(path: absolute)
          }
          digest = try snapshotter.digest(
            key: path, absolutePath: absolute, stat: st, hasher: FileHasher(bufferSize: 1 << 16))
          files[path] = StageContext.ResolvedFile(path: path, absolutePath: absolute, digest: digest, size: st.size)
        } else {
          digest = SHA256.hash(string: "absent")
        }
        encoder.tag(6)
      case .tree(let name, let root, let filter):
        let listing = try TreeWalker(workspace: workspace, snapshotter: snapshotter)
          .walk(root: root, filter: filter)
        trees[name] = listing
        digest = listing.digest
        manifest = try manifestDigest(for: listing, stage: stage.name, input: input.name)
        encoder.tag(4)
      case .stage(let name):
        guard let outputs = upstreamOutputs(name) else {
          throw PipelineError.unknownStage(name, referencedBy: stage.name)
        }
        upstream[name] = outputs
        digest = outputs.digest
        encoder.tag(5)
      case .after:
        // Ordering only: the scheduler waits for it; the key does not see it.
        continue
      }
      encoder.field(input.name)
      encoder.field(digest)
      records.append(.init(name: input.name, digest: digest.hex, manifest: manifest))
    }
    let key = encoder.finalize()
    return ResolvedInputs(
      key: key, values: values, files: files, trees: trees, upstream: upstream,
      record: .init(key: key.hex, version: stage.version, inputs: records))
  }

  /// Keeps the tree's manifest in the content store so a later run can name changed files;
  /// reuses the previous one when the tree is unchanged (no write on a null build).
  private func manifestDigest(for listing: TreeListing, stage: String, input: String) throws -> String {
    let digest = listing.digest.hex
    if let old = previous.stages[stage]?.inputs.first(where: { $0.name == input }),
      old.digest == digest, let manifest = old.manifest
    {
      return manifest
    }
    return try content.store(listing.manifestBytes).hex
  }

  /// Compares this run's inputs with the last run's record to say why a stage must run.
  func explain(
    _ stage: any Stage, _ current: WorkspaceState.StageRecord, _ trees: [String: TreeListing]
  ) -> RunReason {
    guard let old = previous.stages[stage.name] else { return .neverBuilt }
    if old.key == current.key { return .entryMissing }
    var changes: [RunReason.Change] = []
    if old.version != current.version {
      changes.append(.stageVersion(from: old.version, to: current.version))
    }
    let oldInputs = Dictionary(old.inputs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let newNames = Set(current.inputs.map(\.name))
    for input in current.inputs {
      guard let before = oldInputs[input.name] else {
        changes.append(.inputAdded(input.name))
        continue
      }
      guard before.digest != input.digest else { continue }
      let kind = input.name.prefix { $0 != " " }
      let name = String(input.name.drop { $0 != " " }.dropFirst())
      switch kind {
      case "value": changes.append(.value(name))
      case "file": changes.append(.file(name))
      case "stage": changes.append(.upstream(name))
      case "tree": changes.append(treeChange(name, before: before, now: trees[name]))
      default: changes.append(.inputAdded(input.name))
      }
    }
    for name in oldInputs.keys.sorted() where !newNames.contains(name) {
      changes.append(.inputRemoved(name))
    }
    return changes.isEmpty ? .neverBuilt : .changed(changes)
  }

  private func treeChange(_ name: String, before: WorkspaceState.InputRecord, now: TreeListing?) -> RunReason.Change {
    guard let now, let manifestHex = before.manifest, let manifestDigest = Digest(hex: manifestHex),
      let bytes = try? content.read(manifestDigest)
    else {
      return .tree(name: name, added: [], removed: [], modified: [])
    }
    var old = TreeListing.parseManifest(bytes)
    var added: [String] = []
    var modified: [String] = []
    for entry in now.entries {
      if let previous = old.removeValue(forKey: entry.path) {
        if previous.digest != entry.digest || previous.executable != entry.isExecutable {
          modified.append(entry.path)
        }
      } else {
        added.append(entry.path)
      }
    }
    return .tree(name: name, added: added, removed: old.keys.sorted(), modified: modified)
  }
}
