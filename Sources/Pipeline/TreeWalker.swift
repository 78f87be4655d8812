import Glibc
import Hashing

/// Walks a directory tree into a ``TreeListing``: filter, resolve symlinks, hash.
///
/// Symlinks to files inside the workspace are listed with their target's content; a link
/// that dangles, leaves the workspace, names a directory, or names a file the filter
/// excludes (an ignored `.env` behind an innocent name) is an error naming it, so nothing is
/// silently dropped from, or smuggled into, an archive.
public struct TreeWalker {
  public let workspace: String
  public let snapshotter: FileSnapshotter
  private let hasher = FileHasher()

  /// - Parameters:
  ///   - workspace: Canonical absolute path; symlink targets must stay inside it.
  public init(workspace: String, snapshotter: FileSnapshotter) {
    self.workspace = workspace
    self.snapshotter = snapshotter
  }

  /// Lists the tree at `root` (relative to the workspace, "" for the workspace itself).
  public func walk(root: String, filter: any TreeFilter) throws -> TreeListing {
    let absoluteRoot = root.isEmpty ? workspace : FilePath.join(workspace, root)
    var entries: [TreeListing.Entry] = []
    let fd = try FileSystem.openDirectory(absoluteRoot, displayPath: absoluteRoot)
    defer { close(fd) }
    let context = WalkContext(absoluteRoot: absoluteRoot, rootFilter: filter)
    try walkDirectory(
      "", absolute: absoluteRoot, fd: fd, treeRoot: root, filter: filter, context: context, into: &entries)
    entries.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    return TreeListing(root: absoluteRoot, entries: entries)
  }

  /// What every directory of one walk shares.
  private struct WalkContext {
    let absoluteRoot: String
    let rootFilter: any TreeFilter
  }

  private func walkDirectory(
    _ relative: String, absolute: String, fd: Int32, treeRoot: String, filter: any TreeFilter,
    context: WalkContext, into entries: inout [TreeListing.Entry]
  ) throws {
    let rawNames = try FileSystem.listDirectory(fd: fd, displayPath: absolute)
    var names: [String] = []
    names.reserveCapacity(rawNames.count)
    for raw in rawNames {
      // Control characters (tab, newline) would also break line-oriented manifests and
      // terminal output; no plugin needs them.
      guard let name = String(validating: raw, as: UTF8.self), !raw.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
        throw PipelineError.invalidFileName(
          directory: absolute, escapedName: PipelineError.escape(raw))
      }
      names.append(name)
    }
    names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    let inner = try filter.entering(directory: relative, absolutePath: absolute, names: names)
    for name in names {
      let path = relative.isEmpty ? name : relative + "/" + name
      let abs = absolute + "/" + name
      var st = try FileSystem.lstat(name, in: fd, displayPath: abs)
      var source = abs
      if st.kind == .symlink {
        // The filter sees the link as the kind of thing it points to; a link that cannot be
        // resolved is only an error if the rules would have kept it.
        let target: String
        do {
          target = try resolveLink(abs, displayPath: path)
        } catch {
          if inner.excludes(path, isDirectory: false) { continue }
          throw error
        }
        st = try FileSystem.stat(target)
        if inner.excludes(path, isDirectory: st.kind == .directory) { continue }
        if st.kind == .directory {
          throw PipelineError.symlinkToDirectory(path: abs, target: target)
        }
        if let excluded = try excludedTarget(target, context: context) {
          throw PipelineError.symlinkToExcluded(path: path, target: excluded)
        }
        source = target
      } else if inner.excludes(path, isDirectory: st.kind == .directory) {
        continue
      }
      switch st.kind {
      case .directory:
        let sub = try FileSystem.openDirectory(name, in: fd, displayPath: abs)
        defer { close(sub) }
        try walkDirectory(
          path, absolute: abs, fd: sub, treeRoot: treeRoot, filter: inner, context: context, into: &entries)
      case .regular:
        let key = treeRoot.isEmpty ? path : treeRoot + "/" + path
        let digest = try snapshotter.digest(
          key: key, absolutePath: source, stat: st, hasher: hasher,
          directory: source == abs ? fd : AT_FDCWD, name: source == abs ? name : nil)
        entries.append(
          TreeListing.Entry(
            path: path, size: st.size, isExecutable: st.isExecutable, digest: digest,
            sourcePath: source, stat: st))
      case .symlink, .other:
        throw PipelineError.unsupportedFileType(path: abs)
      }
    }
  }

  /// The target's path relative to the tree root when the filter excludes it or one of its
  /// directories, as it would if the walk met the file itself; nil when it is kept, or lies
  /// outside the tree, where the tree's rules do not speak.
  ///
  /// The rule chain is rebuilt from the root down the target's directories: links are rare,
  /// so this costs a directory listing per level only for them.
  private func excludedTarget(_ target: String, context: WalkContext) throws -> String? {
    guard target.hasPrefix(context.absoluteRoot + "/") else { return nil }
    let relative = String(target.dropFirst(context.absoluteRoot.count + 1))
    let parts = relative.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    var filter = context.rootFilter
    var directory = ""
    var absolute = context.absoluteRoot
    for (index, part) in parts.enumerated() {
      let names = try FileSystem.listDirectory(absolute).map { String(decoding: $0, as: UTF8.self) }
      filter = try filter.entering(directory: directory, absolutePath: absolute, names: names)
      let path = directory.isEmpty ? part : directory + "/" + part
      if filter.excludes(path, isDirectory: index < parts.count - 1) { return relative }
      directory = path
      absolute += "/" + part
    }
    return nil
  }

  private func resolveLink(_ abs: String, displayPath: String) throws -> String {
    guard let resolved = realpath(abs, nil) else {
      throw PipelineError.danglingSymlink(path: abs)
    }
    defer { free(resolved) }
    let target = String(cString: resolved)
    guard target.hasPrefix(workspace + "/") else {
      throw PipelineError.symlinkEscapes(path: abs, target: target, boundary: workspace)
    }
    return target
  }
}
