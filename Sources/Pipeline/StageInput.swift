/// One thing a stage reads, declared as data so the engine can hash it before running.
///
/// A stage can read only what it declares: the key covers exactly these inputs, which is
/// what makes a cache hit trustworthy and `--explain` precise.
public enum StageInput: Sendable {
  /// A parameter, setting or environment value that changes the output.
  case value(name: String, value: String)
  /// A value that changes the output but must never be stored or shown (a token). Only its
  /// digest enters the key; explanations name it without its content.
  case secret(name: String, value: String)
  /// One file, relative to the workspace root.
  case file(String)
  /// A file that may be absent; its absence is part of the key too.
  case optionalFile(String)
  /// A directory tree, relative to the workspace root, minus what the filter drops.
  case tree(name: String, root: String, filter: any TreeFilter)
  /// The outputs of an upstream stage; its output digest (not its key) enters this key, so
  /// an upstream rerun that reproduces the same output stops the rebuild here.
  case stage(String)
  /// Runs after an upstream stage, and only when it succeeded, without reading it: nothing
  /// of it enters the key. Lets a stage that other graphs run on its own (the tests) wait
  /// for a gate (validation) and still share its cache entries with those graphs.
  case after(String)

  /// The name used in keys, explanations and the last-run record.
  public var name: String {
    switch self {
    case .value(let name, _), .secret(let name, _): return "value \(name)"
    case .file(let path), .optionalFile(let path): return "file \(path)"
    case .tree(let name, _, _): return "tree \(name)"
    case .stage(let stage): return "stage \(stage)"
    case .after(let stage): return "after \(stage)"
    }
  }
}
