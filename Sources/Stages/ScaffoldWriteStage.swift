import Glibc
import Pipeline

/// Writes a rendered plugin into its directory. Never cached (its effect is on the user's
/// tree), but incremental all the same: a file whose bytes are already there is not
/// rewritten, so creating the same plugin again with `--force` changes nothing, mtimes
/// included.
///
/// Only the files of the template are written; other files in the directory are kept. The
/// directory must not exist unless `force` is set, and nothing is written through a symbolic
/// link.
public struct ScaffoldWriteStage: Stage {
  public static let stageName = "write"
  /// The plugin directory (`<path>/synapse-<code>-plugin`), absolute.
  public let target: String
  public let force: Bool

  public init(target: String, force: Bool) {
    self.target = target
    self.force = force
  }

  public var name: String { Self.stageName }
  public var version: Int { 1 }
  public var isCacheable: Bool { false }
  public var inputs: [StageInput] {
    [
      .stage(ScaffoldStage.stageName), .value(name: "target", value: target),
      .value(name: "force", value: String(force)),
    ]
  }

  public func run(_ context: StageContext) throws {
    guard let files = ScaffoldTree.decode(try context.readBlob(ScaffoldStage.stageName, "tree")) else {
      throw PipelineError.missingOutput(stage: ScaffoldStage.stageName, output: "tree")
    }
    try Self.checkTarget(target, force: force)
    // Every path is checked before anything is written, so a refusal leaves the tree as it was.
    for file in files { try Self.checkWritable(FilePath.join(target, file.path), under: target) }
    var written: [String] = []
    for file in files {
      let path = FilePath.join(target, file.path)
      if let existing = try? FileSystem.readFileIfPresent(path), existing == file.bytes { continue }
      try FileSystem.createDirectory(FilePath.parent(of: path))
      try FileSystem.writeAtomically(file.bytes, to: path, mode: 0o644)
      written.append(file.path)
    }
    context.setText("written", written.joined(separator: "\n"))
    context.setText("unchanged", String(files.count - written.count))
  }

  /// The directory must be new, or `force` given; a symbolic link or a file in its place is
  /// refused either way.
  static func checkTarget(_ target: String, force: Bool) throws {
    guard let stat = try FileSystem.lstatIfPresent(target) else { return }
    guard stat.kind == .directory else {
      throw StagesError.stageFailed("\(target) exists and is not a directory; choose another --path or --code")
    }
    guard force else {
      throw StagesError.stageFailed(
        "\(target) already exists; pass --force to rewrite the files create writes (other files are kept)")
    }
  }

  /// Refuses a path that exists as a symbolic link or a directory, or lies under one.
  static func checkWritable(_ path: String, under root: String) throws {
    var current = path
    while current.count > root.count {
      if let stat = try FileSystem.lstatIfPresent(current) {
        if stat.kind == .symlink {
          throw StagesError.stageFailed("\(current) is a symbolic link; create does not write through links")
        }
        if current == path, stat.kind == .directory {
          throw StagesError.stageFailed("\(current) is a directory where create writes a file")
        }
      }
      current = FilePath.parent(of: current)
    }
  }
}
