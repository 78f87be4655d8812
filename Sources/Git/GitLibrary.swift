import CGit2

/// The libgit2 entry points, resolved at run time.
///
/// libgit2 is `dlopen`ed rather than linked because linking it (and libssh2,
/// mbedTLS, GSSAPI and the rest it depends on) would cost every process its
/// start-up, while only the commands that look at a repository need it.
nonisolated struct GitLibrary: @unchecked Sendable {
  // @unchecked: `api` points at a table that is written once, before this
  // value exists, and only read afterwards.

  /// Function pointers filled in by `synapse_git_load`. Allocated once and
  /// never freed, like the dlopen handle behind it, so the pointer stays
  /// valid for the life of the process.
  let api: UnsafePointer<synapse_git_api>

  /// The loaded library, or the reason it is unavailable.
  ///
  /// Loading happens at most once per process; later calls return the cached
  /// result, so a missing library fails fast every time with the same error.
  static func shared() throws(GitError) -> GitLibrary {
    try loadedGitLibrary.get()
  }

  /// Loads libgit2 and initialises it; only `loadedGitLibrary` calls this.
  fileprivate static func load() -> Result<GitLibrary, GitError> {
    let api = UnsafeMutablePointer<synapse_git_api>.allocate(capacity: 1)
    var message = [CChar](repeating: 0, count: 1024)
    let status = message.withUnsafeMutableBufferPointer { buffer in
      synapse_git_load(api, buffer.baseAddress, buffer.count)
    }
    guard status == 0 else {
      api.deallocate()
      let detail = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      return .failure(GitError(kind: .libraryUnavailable, path: nil, message: detail))
    }
    return .success(GitLibrary(api: UnsafePointer(api)))
  }

  /// An error for a failed libgit2 call: `action` (e.g. "cannot read the index") with libgit2's
  /// message for this thread's last error, which must be read before any other libgit2 call.
  func error(_ status: Int32, path: String?, _ action: String) -> GitError {
    var detail = "libgit2 error \(status)"
    if let last = api.pointee.error_last(), let text = last.pointee.message {
      detail = String(cString: text)
    }
    return GitError(kind: .libgit2, path: path, message: "\(action): \(detail)")
  }
}

/// Swift initialises globals lazily and exactly once, even under concurrent
/// first use, so this is the process-wide "load on first use" point (and
/// makes the single `git_libgit2_init` call safe).
private nonisolated let loadedGitLibrary: Result<GitLibrary, GitError> = GitLibrary.load()

nonisolated extension git_oid {
  /// The 40 lowercase hex digits git prints for this object id.
  var hex: String {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    return withUnsafeBytes(of: id) { bytes in
      var text: [UInt8] = []
      text.reserveCapacity(bytes.count * 2)
      for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0F)])
      }
      return String(decoding: text, as: UTF8.self)
    }
  }
}

nonisolated extension String {
  /// `self` without trailing slashes (but "/" stays "/"): libgit2 ends directory paths with one.
  var withoutTrailingSlash: String {
    var result = Substring(self)
    while result.count > 1 && result.hasSuffix("/") {
      result = result.dropLast()
    }
    return String(result)
  }
}
