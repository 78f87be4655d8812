import CCurl

/// The libcurl entry points, resolved at run time.
///
/// libcurl is `dlopen`ed rather than linked because linking it (and OpenSSL,
/// nghttp2 and the dozen other libraries it depends on) would cost every
/// process its start-up, while only the commands that talk to the backend
/// need it.
nonisolated struct CurlLibrary: @unchecked Sendable {
  // @unchecked: `api` points at a table that is written once, before this
  // value exists, and only read afterwards.

  /// Function pointers filled in by `synapse_curl_load`. Allocated once and
  /// never freed, like the dlopen handle behind it, so the pointer stays
  /// valid for the life of the process.
  let api: UnsafePointer<synapse_curl_api>

  /// The loaded library, or the reason it is unavailable.
  ///
  /// Loading happens at most once per process; later calls return the cached
  /// result, so a missing library fails fast every time with the same error.
  static func shared() throws(HTTPError) -> CurlLibrary {
    try loadedCurlLibrary.get()
  }

  /// libcurl's version string, e.g. "libcurl/7.88.1 OpenSSL/3.0.11 ...".
  var version: String {
    guard let text = api.pointee.version() else {
      return "unknown"
    }
    return String(cString: text)
  }

  /// Loads libcurl; only `loadedCurlLibrary` calls this.
  fileprivate static func load() -> Result<CurlLibrary, HTTPError> {
    let api = UnsafeMutablePointer<synapse_curl_api>.allocate(capacity: 1)
    var message = [CChar](repeating: 0, count: 1024)
    let status = message.withUnsafeMutableBufferPointer { buffer in
      synapse_curl_load(api, buffer.baseAddress, buffer.count)
    }
    guard status == 0 else {
      api.deallocate()
      let detail = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      return .failure(.libraryUnavailable(detail))
    }
    return .success(CurlLibrary(api: UnsafePointer(api)))
  }
}

/// Swift initialises globals lazily and exactly once, even under concurrent
/// first use, so this is the process-wide "load on first use" point (and
/// makes the single `curl_global_init` call safe).
private nonisolated let loadedCurlLibrary: Result<CurlLibrary, HTTPError> = CurlLibrary.load()
