/// One `import` or `from ... import ...` statement.
public struct PythonImport: Sendable, Hashable, Codable {
  /// Which of the two import statements this is.
  public enum Kind: String, Sendable, Hashable, Codable {
    /// `import a.b as c, d`: `names` hold dotted module names.
    case module
    /// `from .x import Y as Z`: `names` hold the imported names (`*` for a star import).
    case from
  }

  public var kind: Kind
  /// The module after `from` (without the leading dots); nil for `from . import x` and for `import`.
  public var module: String?
  /// The number of leading dots of a relative `from` import (0 for absolute).
  public var level: Int
  public var names: [PythonImportedName]
  public var location: PythonSourceLocation
  /// Executed at module level (possibly inside `if`/`try`), not inside a function or class.
  public var isModuleLevel: Bool
  /// Inside an `if`, `try`, `for`, `while`, `with` or `match` block.
  public var isConditional: Bool

  public init(
    kind: Kind, module: String?, level: Int, names: [PythonImportedName], location: PythonSourceLocation,
    isModuleLevel: Bool, isConditional: Bool
  ) {
    self.kind = kind
    self.module = module
    self.level = level
    self.names = names
    self.location = location
    self.isModuleLevel = isModuleLevel
    self.isConditional = isConditional
  }

  /// Whether this is `from m import *`.
  public var isStar: Bool { kind == .from && names.contains { $0.name == "*" } }
}

/// `name` or `name as alias` in an import statement.
public struct PythonImportedName: Sendable, Hashable, Codable {
  public var name: String
  public var alias: String?

  public init(name: String, alias: String?) {
    self.name = name
    self.alias = alias
  }

  /// The local name the import binds: the alias, else for `import a.b` the first component `a`
  /// (and for `from m import n`, `n`).
  public var boundName: String {
    if let alias { return alias }
    return name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
  }
}
