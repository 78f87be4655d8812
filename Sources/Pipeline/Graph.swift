/// A validated DAG of stages in topological order.
public struct Graph: Sendable {
  /// Stages in an order where every stage follows the stages it reads from.
  public let stages: [any Stage]
  private let index: [String: Int]

  /// - Throws: ``PipelineError`` for duplicate names, unknown references or cycles.
  public init(_ stages: [any Stage]) throws {
    var byName: [String: any Stage] = [:]
    for stage in stages {
      if byName[stage.name] != nil { throw PipelineError.duplicateStage(stage.name) }
      byName[stage.name] = stage
    }
    for stage in stages {
      for dep in stage.dependencies where byName[dep] == nil {
        throw PipelineError.unknownStage(dep, referencedBy: stage.name)
      }
    }
    // Depth-first topological sort that keeps declaration order among independent stages.
    var order: [any Stage] = []
    var state: [String: Int] = [:]  // 1 = visiting, 2 = done
    func visit(_ stage: any Stage, _ path: [String]) throws {
      if state[stage.name] == 2 { return }
      if state[stage.name] == 1 {
        let start = path.firstIndex(of: stage.name) ?? 0
        throw PipelineError.cycle(Array(path[start...]) + [stage.name])
      }
      state[stage.name] = 1
      for dep in stage.dependencies {
        if let d = byName[dep] { try visit(d, path + [stage.name]) }
      }
      state[stage.name] = 2
      order.append(stage)
    }
    for stage in stages { try visit(stage, []) }
    self.stages = order
    var index: [String: Int] = [:]
    for (i, s) in order.enumerated() { index[s.name] = i }
    self.index = index
  }

  public func stage(named name: String) -> (any Stage)? {
    index[name].map { stages[$0] }
  }

  /// `targets` and everything they transitively read from, in topological order.
  public func closure(of targets: [String]) -> [any Stage] {
    var needed = Set<String>()
    var stack = targets
    while let name = stack.popLast() {
      guard needed.insert(name).inserted, let stage = stage(named: name) else { continue }
      stack += stage.dependencies
    }
    return stages.filter { needed.contains($0.name) }
  }

  /// Stages that read from `name`.
  public func dependents(of name: String) -> [String] {
    stages.filter { $0.dependencies.contains(name) }.map(\.name)
  }

  /// The graph as a Mermaid flowchart: stages, their source inputs and edges.
  public func mermaid() -> String {
    var lines = ["flowchart LR"]
    for stage in stages {
      let id = Graph.identifier(stage.name)
      lines.append("  \(id)[\"\(stage.name)\"]")
      for input in stage.inputs {
        switch input {
        case .stage(let dep): lines.append("  \(Graph.identifier(dep)) --> \(id)")
        case .after(let dep): lines.append("  \(Graph.identifier(dep)) -. after .-> \(id)")
        case .file(let path), .optionalFile(let path):
          lines.append("  \(id)_\(Graph.identifier(path))[/\"\(path)\"/] -.-> \(id)")
        case .tree(let name, let root, _):
          let label = root.isEmpty ? "\(name): ./" : "\(name): \(root)/"
          lines.append("  \(id)_\(Graph.identifier(name))[/\"\(label)\"/] -.-> \(id)")
        case .value, .secret: continue
        }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The graph in Graphviz DOT.
  public func dot() -> String {
    var lines = ["digraph synapse {", "  rankdir=LR;", "  node [shape=box];"]
    for stage in stages {
      lines.append("  \"\(stage.name)\";")
      for input in stage.inputs {
        switch input {
        case .stage(let dep): lines.append("  \"\(dep)\" -> \"\(stage.name)\";")
        case .after(let dep): lines.append("  \"\(dep)\" -> \"\(stage.name)\" [style=dotted];")
        case .file(let path), .optionalFile(let path):
          lines.append("  \"\(path)\" [shape=note];")
          lines.append("  \"\(path)\" -> \"\(stage.name)\" [style=dashed];")
        case .tree(let name, let root, _):
          let label = root.isEmpty ? "./" : root + "/"
          lines.append("  \"tree:\(name)\" [shape=folder, label=\"\(label)\"];")
          lines.append("  \"tree:\(name)\" -> \"\(stage.name)\" [style=dashed];")
        case .value, .secret: continue
        }
      }
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  static func identifier(_ s: String) -> String {
    String(s.map { $0.isLetter || $0.isNumber ? $0 : "_" })
  }
}
