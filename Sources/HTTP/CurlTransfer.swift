import CCurl
import Glibc

/// One attempt at a request: a libcurl easy handle configured for it, the
/// state its callbacks fill in, and the outcome in `HTTPError` terms.
///
/// Every attempt gets a new handle, and so a new connection, unless the
/// client keeps a `CurlHandlePool` and this is a first attempt: libcurl would
/// otherwise replay a request on a reused connection that turned out dead,
/// which needs a rewindable body, and a retry after a failure should not
/// trust the old connection anyway. Pooled handles serve clients that send
/// many small requests to one server (a remote cache), where a new
/// connection per request would cost more than the request.
nonisolated final class CurlTransfer {
  /// What a completed exchange produced, whatever its status.
  struct Exchange {
    var status: Int
    var headers: [HTTPHeader]
    var body: [UInt8]
  }

  /// libcurl's largest upload buffer is 2 MiB; 1 MiB keeps syscalls and
  /// callback calls few for multi-megabyte archives.
  static let uploadBufferSize = 1 << 20

  let library: CurlLibrary
  let request: PreparedRequest
  let configuration: HTTPConfiguration
  private let observer: (any HTTPTransferObserver)?
  /// Where a 2xx body goes instead of `responseBody`.
  private let sink: (any HTTPResponseSink)?
  /// Lends a handle with an open connection, and takes it back after a completed exchange.
  private let pool: CurlHandlePool?
  let body: BodyStream
  /// The status of the response being received (from its status line), so the body of an
  /// error response stays in memory while a successful one goes to `sink`.
  private var status = 0
  private var headers: [HTTPHeader] = []
  private var responseBody: [UInt8] = []
  /// Set by a callback that made libcurl abort, which explains the abort
  /// better than libcurl's generic code.
  var callbackError: HTTPError?
  /// Set when the sink said it has what it wanted and the transfer ended early.
  private var streamFinished = false
  /// CURLOPT_ERRORBUFFER: libcurl's detailed message for a failure.
  let errorBuffer: UnsafeMutablePointer<CChar>

  init(
    library: CurlLibrary, request: PreparedRequest, configuration: HTTPConfiguration,
    observer: (any HTTPTransferObserver)?, sink: (any HTTPResponseSink)? = nil, pool: CurlHandlePool? = nil
  ) {
    self.library = library
    self.request = request
    self.configuration = configuration
    self.observer = observer
    self.sink = sink
    self.pool = pool
    self.body = BodyStream(segments: request.segments, length: request.contentLength)
    self.errorBuffer = .allocate(capacity: synapse_CURL_ERROR_SIZE)
    errorBuffer.initialize(repeating: 0, count: synapse_CURL_ERROR_SIZE)
  }

  deinit {
    errorBuffer.deallocate()
  }

  /// Performs the attempt. Any status counts as an exchange; only failures
  /// to get one are errors.
  func run() -> Result<Exchange, HTTPError> {
    let api = library.api
    guard let handle = pool?.take() ?? api.pointee.easy_init() else {
      return .failure(.transport(code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init failed"))
    }
    // Only a handle whose exchange completed goes back to the pool.
    var completed = false
    defer {
      if completed, let pool {
        pool.give(handle)
      } else {
        api.pointee.easy_cleanup(handle)
      }
    }
    var headerList: UnsafeMutablePointer<curl_slist>?
    defer { api.pointee.slist_free_all(headerList) }
    for line in request.headerLines {
      guard let extended = api.pointee.slist_append(headerList, line) else {
        return .failure(.transport(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_slist_append failed"))
      }
      headerList = extended
    }

    if let failure = configure(handle, headerList: headerList) {
      return .failure(failure)
    }
    let clock = ContinuousClock()
    let start = clock.now
    let code = api.pointee.easy_perform(handle)
    let elapsed = start.duration(to: clock.now)
    guard code == CURLE_OK || (code == CURLE_WRITE_ERROR && streamFinished) else {
      let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
      return .failure(error(for: code, handle: handle, elapsed: seconds))
    }
    var status = 0
    _ = synapse_curl_getinfo_long(api, handle, CURLINFO_RESPONSE_CODE, &status)
    // A transfer the sink ended early leaves its connection mid-response: never reused.
    completed = code == CURLE_OK
    return .success(Exchange(status: status, headers: headers, body: responseBody))
  }

  /// Sets every option of the attempt; returns an error if libcurl refused one.
  private func configure(_ handle: UnsafeMutableRawPointer, headerList: UnsafeMutablePointer<curl_slist>?) -> HTTPError?
  {
    let api = library.api
    let context = Unmanaged.passUnretained(self).toOpaque()
    var failure: (option: String, code: CURLcode)?
    func check(_ code: CURLcode, _ option: String) {
      if code != CURLE_OK, failure == nil {
        failure = (option, code)
      }
    }
    func set(_ option: CURLoption, _ value: Int, _ name: String) {
      check(synapse_curl_setopt_long(api, handle, option, value), name)
    }
    func set(_ option: CURLoption, _ value: String, _ name: String) {
      check(synapse_curl_setopt_string(api, handle, option, value), name)
    }

    check(synapse_curl_setopt_pointer(api, handle, CURLOPT_ERRORBUFFER, errorBuffer), "CURLOPT_ERRORBUFFER")
    set(CURLOPT_URL, request.url, "CURLOPT_URL")
    // Refuses file://, ftp:// and the rest even if a URL slipped through.
    _ = synapse_curl_setopt_string(api, handle, CURLOPT_PROTOCOLS_STR, "http,https")
    // Timeouts must not use SIGALRM: the process is multi-threaded.
    set(CURLOPT_NOSIGNAL, 1, "CURLOPT_NOSIGNAL")
    set(CURLOPT_FOLLOWLOCATION, 0, "CURLOPT_FOLLOWLOCATION")
    set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout), "CURLOPT_CONNECTTIMEOUT_MS")
    set(CURLOPT_TIMEOUT_MS, configuration.timeout.map(Self.milliseconds) ?? 0, "CURLOPT_TIMEOUT_MS")
    set(CURLOPT_LOW_SPEED_LIMIT, 1, "CURLOPT_LOW_SPEED_LIMIT")
    set(CURLOPT_LOW_SPEED_TIME, stallSeconds, "CURLOPT_LOW_SPEED_TIME")
    set(CURLOPT_TCP_KEEPALIVE, 1, "CURLOPT_TCP_KEEPALIVE")
    if let caFile = configuration.caCertificateFile {
      set(CURLOPT_CAINFO, caFile, "CURLOPT_CAINFO")
    }
    set(CURLOPT_USERAGENT, configuration.userAgent, "CURLOPT_USERAGENT")
    check(synapse_curl_setopt_pointer(api, handle, CURLOPT_HTTPHEADER, headerList), "CURLOPT_HTTPHEADER")

    check(
      synapse_curl_setopt_sockopt_callback(api, handle, CURLOPT_SOCKOPTFUNCTION, curlSocketCreated),
      "CURLOPT_SOCKOPTFUNCTION")
    check(synapse_curl_setopt_write_callback(api, handle, CURLOPT_WRITEFUNCTION, curlWrite), "CURLOPT_WRITEFUNCTION")
    check(synapse_curl_setopt_pointer(api, handle, CURLOPT_WRITEDATA, context), "CURLOPT_WRITEDATA")
    check(synapse_curl_setopt_write_callback(api, handle, CURLOPT_HEADERFUNCTION, curlHeader), "CURLOPT_HEADERFUNCTION")
    check(synapse_curl_setopt_pointer(api, handle, CURLOPT_HEADERDATA, context), "CURLOPT_HEADERDATA")
    if observer != nil {
      check(
        synapse_curl_setopt_xferinfo_callback(api, handle, CURLOPT_XFERINFOFUNCTION, curlProgress),
        "CURLOPT_XFERINFOFUNCTION")
      check(synapse_curl_setopt_pointer(api, handle, CURLOPT_XFERINFODATA, context), "CURLOPT_XFERINFODATA")
      set(CURLOPT_NOPROGRESS, 0, "CURLOPT_NOPROGRESS")
    }

    let hasBody = request.contentLength > 0
    switch request.method {
    case "GET" where !hasBody:
      set(CURLOPT_HTTPGET, 1, "CURLOPT_HTTPGET")
    case "HEAD" where !hasBody:
      set(CURLOPT_NOBODY, 1, "CURLOPT_NOBODY")
    case "PUT":
      set(CURLOPT_UPLOAD, 1, "CURLOPT_UPLOAD")
      check(
        synapse_curl_setopt_off_t(api, handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(request.contentLength)),
        "CURLOPT_INFILESIZE_LARGE")
      configureReading(handle, context: context, check: check)
    case "POST":
      configurePost(handle, context: context, check: check)
    default:
      if hasBody {
        configurePost(handle, context: context, check: check)
      }
      set(CURLOPT_CUSTOMREQUEST, request.method, "CURLOPT_CUSTOMREQUEST")
    }

    guard let failure else {
      return nil
    }
    return .transport(
      code: Int(failure.code.rawValue), message: "libcurl refused \(failure.option): \(errorText(failure.code))")
  }

  private func configurePost(
    _ handle: UnsafeMutableRawPointer, context: UnsafeMutableRawPointer, check: (CURLcode, String) -> Void
  ) {
    let api = library.api
    check(synapse_curl_setopt_long(api, handle, CURLOPT_POST, 1), "CURLOPT_POST")
    check(
      synapse_curl_setopt_off_t(api, handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.contentLength)),
      "CURLOPT_POSTFIELDSIZE_LARGE")
    configureReading(handle, context: context, check: check)
  }

  private func configureReading(
    _ handle: UnsafeMutableRawPointer, context: UnsafeMutableRawPointer, check: (CURLcode, String) -> Void
  ) {
    let api = library.api
    check(synapse_curl_setopt_read_callback(api, handle, CURLOPT_READFUNCTION, curlRead), "CURLOPT_READFUNCTION")
    check(synapse_curl_setopt_pointer(api, handle, CURLOPT_READDATA, context), "CURLOPT_READDATA")
    // Only a throughput hint: older libcurl builds without it still work.
    _ = synapse_curl_setopt_long(api, handle, CURLOPT_UPLOAD_BUFFERSIZE, Self.uploadBufferSize)
  }

  // MARK: - Callbacks (called by libcurl during easy_perform, on this thread)

  fileprivate func readBody(into buffer: UnsafeMutableRawBufferPointer) -> Int {
    body.read(into: buffer) ?? synapse_CURL_READFUNC_ABORT
  }

  fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
    if let sink, (200..<300).contains(status) {
      do {
        try sink.write(bytes)
      } catch {
        callbackError = .responseUnwritable("\(error)")
        return 0
      }
      if sink.isFinished {
        streamFinished = true
        return 0
      }
      return bytes.count
    }
    guard responseBody.count + bytes.count <= request.responseLimit else {
      callbackError = .responseTooLarge(url: request.url, limit: request.responseLimit)
      return 0
    }
    responseBody.append(contentsOf: bytes)
    return bytes.count
  }

  /// One header line, CRLF included. A status line starts a new response
  /// (after a 1xx), so headers collected so far are dropped.
  fileprivate func receiveHeader(_ bytes: UnsafeRawBufferPointer) -> Int {
    let line = String(decoding: bytes, as: UTF8.self)
    let content = line.trimmingASCIISpaces.trimmingLineEnd
    if content.hasPrefix("HTTP/") {
      headers = []
      responseBody = []
      let fields = content.split(separator: " ")
      status = fields.count > 1 ? Int(fields[1]) ?? 0 : 0
      if let sink, (200..<300).contains(status) {
        do {
          try sink.begin()
        } catch {
          callbackError = .responseUnwritable("\(error)")
          return 0
        }
      }
    } else if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
      // An obsolete folded continuation line.
      headers[headers.count - 1].value += " " + content
    } else if let colon = content.firstIndex(of: ":") {
      let name = String(content[..<colon])
      let value = String(content[content.index(after: colon)...]).trimmingASCIISpaces
      headers.append(HTTPHeader(name: name, value: value))
    }
    return bytes.count
  }

  /// Reports progress; false when the observer abandons the transfer (its reason is kept).
  fileprivate func reportProgress(sent: Int64, received: Int64) -> Bool {
    observer?.progress(sent: sent, totalToSend: request.contentLength, received: received)
    if let reason = observer?.abandonment() {
      callbackError = reason
      return false
    }
    return true
  }

  /// libcurl counts low-speed time in whole seconds.
  var stallSeconds: Int {
    max(1, Int(configuration.stallTimeout.rounded(.up)))
  }

  private static func milliseconds(_ seconds: Double) -> Int {
    max(1, Int((seconds * 1000).rounded()))
  }
}

nonisolated extension String {
  /// Without a trailing CR, LF or CRLF.
  fileprivate var trimmingLineEnd: String {
    var result = self
    while let last = result.last, last == "\r" || last == "\n" || last == "\r\n" {
      result.removeLast()
    }
    return result
  }
}

// libcurl's callbacks: free functions, so that they capture nothing, as
// `@convention(c)` requires, and stay nonisolated whatever the module's
// default actor isolation is. `userdata` is the unretained `CurlTransfer`,
// which outlives `curl_easy_perform`.

/// Marks every socket libcurl opens close-on-exec (libcurl does not): a
/// child started during an upload (git, python) would otherwise inherit the
/// connection and keep it open after we close it.
private nonisolated func curlSocketCreated(
  _ userdata: UnsafeMutableRawPointer?, _ socket: curl_socket_t, _ purpose: curlsocktype
) -> Int32 {
  let flags = fcntl(socket, F_GETFD)
  if flags >= 0 {
    _ = fcntl(socket, F_SETFD, flags | FD_CLOEXEC)
  }
  return CURL_SOCKOPT_OK
}

private nonisolated func curlRead(
  _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
  guard let userdata else {
    return synapse_CURL_READFUNC_ABORT
  }
  let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
  return transfer.readBody(into: UnsafeMutableRawBufferPointer(start: buffer, count: buffer == nil ? 0 : size * count))
}

private nonisolated func curlWrite(
  _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
  guard let userdata else {
    return 0
  }
  let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
  return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size * count))
}

private nonisolated func curlHeader(
  _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
  guard let userdata else {
    return 0
  }
  let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
  return transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size * count))
}

private nonisolated func curlProgress(
  _ userdata: UnsafeMutableRawPointer?, _ downloadTotal: curl_off_t, _ downloaded: curl_off_t,
  _ uploadTotal: curl_off_t, _ uploaded: curl_off_t
) -> Int32 {
  if let userdata {
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    if !transfer.reportProgress(sent: Int64(uploaded), received: Int64(downloaded)) { return 1 }
  }
  return 0
}
