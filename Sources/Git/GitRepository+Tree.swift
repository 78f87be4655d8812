import CGit2

extension GitRepository {
  /// The content of `path` (relative to the working directory) in HEAD's tree, exactly as
  /// stored. Nil when HEAD's tree has no such entry or the branch is unborn.
  public func headBlob(_ path: String) throws(GitError) -> [UInt8]? {
    try validateRelativePath(path)
    let api = library.api.pointee
    return try withHandle { repository throws(GitError) -> [UInt8]? in
      guard let tree = try headTree(repository) else {
        return nil
      }
      defer { api.object_free(tree) }
      var entry: OpaquePointer?
      let status = api.tree_entry_bypath(&entry, tree, path.withoutTrailingSlash)
      if status == GIT_ENOTFOUND.rawValue {
        return nil
      }
      guard status == 0, let entry else {
        throw library.error(status, path: path, "cannot look up in HEAD of \(displayPath)")
      }
      defer { api.tree_entry_free(entry) }
      guard api.tree_entry_type(entry) == GIT_OBJECT_BLOB else {
        throw GitError(kind: .notAFile, path: path, message: "is a directory or submodule in HEAD of \(displayPath)")
      }
      guard var id = api.tree_entry_id(entry)?.pointee else {
        throw GitError(kind: .libgit2, path: path, message: "has no object id in HEAD of \(displayPath)")
      }
      return try readBlob(repository, &id, path: path)
    }
  }

  /// HEAD's tree (a `git_tree`, which the caller frees with `git_object_free`), or nil when the
  /// branch is unborn.
  func headTree(_ repository: OpaquePointer) throws(GitError) -> OpaquePointer? {
    let api = library.api.pointee
    var reference: OpaquePointer?
    let status = api.repository_head(&reference, repository)
    if status == GIT_EUNBORNBRANCH.rawValue || status == GIT_ENOTFOUND.rawValue {
      return nil
    }
    guard status == 0, let reference else {
      throw library.error(status, path: displayPath, "cannot resolve HEAD")
    }
    defer { api.reference_free(reference) }
    var tree: OpaquePointer?
    let peeled = api.reference_peel(&tree, reference, GIT_OBJECT_TREE)
    guard peeled == 0, let tree else {
      throw library.error(peeled, path: displayPath, "cannot read HEAD's tree")
    }
    return tree
  }
}
