import CGit2

extension GitRepository {
  /// Paths (relative to the working directory) whose index entry differs from HEAD's tree,
  /// sorted by path: what `git diff --cached --name-status` lists, with renames detected as git
  /// does by default (50% similarity). Before the first commit every staged file is `.added`.
  public func stagedChanges() throws(GitError) -> [GitChange] {
    if isBare { throw bareRepositoryError("cannot list staged changes") }
    let api = library.api.pointee
    let changes = try withHandle { repository throws(GitError) -> [GitChange] in
      let index = try openIndex(repository)
      defer { api.index_free(index) }
      let tree = try headTree(repository)
      defer { if let tree { api.object_free(tree) } }

      var options = git_diff_options()
      // The *_init functions fail only for a version these headers do not define.
      _ = api.diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
      // Without this flag a file that became a symlink shows up as a deletion plus an addition.
      options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
      var diff: OpaquePointer?
      let status = api.diff_tree_to_index(&diff, repository, tree, index, &options)
      guard status == 0, let diff else {
        throw library.error(status, path: displayPath, "cannot compare the index with HEAD")
      }
      defer { api.diff_free(diff) }

      var find = git_diff_find_options()
      _ = api.diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
      // Renames only, as `git diff` with its default diff.renames=true; not copies.
      find.flags = GIT_DIFF_FIND_RENAMES.rawValue
      let similar = api.diff_find_similar(diff, &find)
      guard similar == 0 else {
        throw library.error(similar, path: displayPath, "cannot detect renames among staged changes")
      }

      var changes: [GitChange] = []
      for position in 0..<api.diff_num_deltas(diff) {
        guard let delta = api.diff_get_delta(diff, position)?.pointee else { continue }
        let newPath = String(cString: delta.new_file.path)
        let oldPath = String(cString: delta.old_file.path)
        switch delta.status {
        case GIT_DELTA_ADDED, GIT_DELTA_COPIED: changes.append(GitChange(path: newPath, kind: .added))
        case GIT_DELTA_DELETED: changes.append(GitChange(path: oldPath, kind: .deleted))
        case GIT_DELTA_MODIFIED: changes.append(GitChange(path: newPath, kind: .modified))
        case GIT_DELTA_RENAMED: changes.append(GitChange(path: newPath, kind: .renamed(from: oldPath)))
        case GIT_DELTA_TYPECHANGE: changes.append(GitChange(path: newPath, kind: .typeChanged))
        case GIT_DELTA_CONFLICTED: changes.append(GitChange(path: newPath, kind: .conflicted))
        default: continue  // unmodified, ignored, untracked, unreadable: not staged changes
        }
      }
      return changes
    }
    // Byte order of the UTF-8 paths, which is git's order.
    return changes.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
  }

  /// The staged content of `path` (relative to the working directory), exactly as stored: no
  /// end-of-line conversion or filters. Nil when the index has no stage-0 entry for it.
  public func indexBlob(_ path: String) throws(GitError) -> [UInt8]? {
    if isBare { throw bareRepositoryError("cannot read \(path) from the index") }
    try validateRelativePath(path)
    let api = library.api.pointee
    return try withHandle { repository throws(GitError) -> [UInt8]? in
      let index = try openIndex(repository)
      defer { api.index_free(index) }
      guard let entry = api.index_get_bypath(index, path, 0)?.pointee else {
        return nil
      }
      if entry.mode == 0o160000 {
        throw GitError(kind: .notAFile, path: path, message: "is a submodule in the index of \(displayPath)")
      }
      var id = entry.id
      return try readBlob(repository, &id, path: path)
    }
  }

  /// The stage-0 index entries under the directory `prefix` ("" for all; "src" and "src/" both
  /// mean the files below `src`), in index (path) order.
  public func indexEntries(under prefix: String) throws(GitError) -> [GitIndexEntry] {
    if isBare { throw bareRepositoryError("cannot list the index") }
    let directory = prefix.withoutTrailingSlash
    let start = directory.isEmpty || directory == "." ? "" : directory + "/"
    let api = library.api.pointee
    return try withHandle { repository throws(GitError) -> [GitIndexEntry] in
      let index = try openIndex(repository)
      defer { api.index_free(index) }
      var entries: [GitIndexEntry] = []
      for position in 0..<api.index_entrycount(index) {
        guard let entry = api.index_get_byindex(index, position)?.pointee else { continue }
        // Conflict stages (1 to 3) are not staged content; stagedChanges reports the path.
        guard (Int32(entry.flags) & GIT_INDEX_ENTRY_STAGEMASK) == 0 else { continue }
        let path = String(cString: entry.path)
        guard path.hasPrefix(start) else { continue }
        entries.append(GitIndexEntry(path: path, mode: entry.mode, size: Int(entry.file_size), id: entry.id.hex))
      }
      return entries
    }
  }

  /// True when the index or the working tree differs from HEAD: staged changes, or edits and
  /// deletions of tracked files. Untracked and ignored files do not count.
  public func isDirty() throws(GitError) -> Bool {
    if isBare { throw bareRepositoryError("cannot compare the working tree with HEAD") }
    let api = library.api.pointee
    return try withHandle { repository throws(GitError) -> Bool in
      var options = git_status_options()
      _ = api.status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION))
      options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
      // Explicitly no GIT_STATUS_OPT_INCLUDE_UNTRACKED (and no ignored files): only tracked content.
      options.flags = 0
      var list: OpaquePointer?
      let status = api.status_list_new(&list, repository, &options)
      guard status == 0, let list else {
        throw library.error(status, path: displayPath, "cannot compute the status")
      }
      defer { api.status_list_free(list) }
      return api.status_list_entrycount(list) > 0
    }
  }

  /// The repository's index, re-read if it changed on disk since libgit2 last loaded it
  /// (libgit2 caches it in the repository object). The caller frees it.
  func openIndex(_ repository: OpaquePointer) throws(GitError) -> OpaquePointer {
    let api = library.api.pointee
    var index: OpaquePointer?
    let status = indexFile.map { api.index_open(&index, $0) } ?? api.repository_index(&index, repository)
    guard status == 0, let index else {
      throw library.error(status, path: displayPath, "cannot open the index")
    }
    let read = api.index_read(index, 0)
    guard read == 0 else {
      let error = library.error(read, path: displayPath, "cannot read the index")
      api.index_free(index)
      throw error
    }
    return index
  }

  /// The content of the blob `id`, which was found at `path`.
  func readBlob(_ repository: OpaquePointer, _ id: inout git_oid, path: String) throws(GitError) -> [UInt8] {
    let api = library.api.pointee
    var blob: OpaquePointer?
    let status = api.blob_lookup(&blob, repository, &id)
    guard status == 0, let blob else {
      throw library.error(status, path: path, "cannot read blob \(id.hex) in \(displayPath)")
    }
    defer { api.blob_free(blob) }
    let size = Int(api.blob_rawsize(blob))
    guard size > 0, let content = api.blob_rawcontent(blob) else {
      return []
    }
    return Array(UnsafeRawBufferPointer(start: content, count: size))
  }
}
