import HTTP
import Hashing
import Pipeline
import Synchronization

/// Bazel's HTTP cache protocol over our libcurl client: `GET`/`HEAD`/`PUT` on
/// `<url>/ac/<key>` (our action-cache entries, see ``ActionCache``) and
/// `<url>/cas/<sha256>` (raw bytes). Works with bazel-remote, nginx or Apache with WebDAV
/// `PUT`, and the hosted build caches.
///
/// libcurl is loaded on the first request, so a build that finds everything in its local
/// cache never loads it. Connections are kept open between requests (one per worker lane),
/// so a fully cached build pays one TCP (and TLS) handshake, not one per object.
public struct HTTPRemoteCache: RemoteCache {
  public let settings: RemoteCacheSettings
  private let client: LazyHTTPClient
  /// Paths join before the URL's query, so a signed URL (`?sig=`) signs every request.
  private let base: BaseURL
  /// Closed by the first request that finds the remote unreachable (a stall included): the
  /// requests other lanes have in flight are abandoned within a second, and none is sent
  /// after it, so a server that accepts and never answers costs one stall, not one per lane
  /// and retry.
  private let gate = RemoteCacheGate()

  public init(settings: RemoteCacheSettings) {
    self.settings = settings
    client = LazyHTTPClient(configuration: settings.configuration)
    base = BaseURL(settings.url)
  }

  /// Sends one request unless the gate is closed, and closes it when the remote proves
  /// unreachable.
  private func send(
    _ request: HTTPRequest, _ name: String, sink: (any HTTPResponseSink)? = nil
  ) throws(HTTPError) -> HTTPResponse {
    if let closed = gate.reason { throw closed }
    do {
      return try client.get().send(request, observer: gate, sink: sink)
    } catch {
      if case .unreachable = Self.failure(error, name) { gate.close(error) }
      throw error
    }
  }

  public var displayName: String { settings.displayURL }
  public var allowsWrites: Bool { !settings.readOnly }

  public func fetchAction(_ key: Digest) throws(RemoteCacheError) -> [UInt8]? {
    let path = "ac/\(key.hex)"
    do throws(HTTPError) {
      return try send(HTTPRequest(method: "GET", url: url(path), headers: settings.headers), "GET ac").body
    } catch {
      if case .status(let status) = error, status.status == 404 { return nil }
      throw Self.failure(error, "GET ac/\(key.short)")
    }
  }

  public func fetchContent(_ digest: Digest, into writer: BlobWriter) throws(RemoteCacheError) -> Bool {
    let path = "cas/\(digest.hex)"
    do throws(HTTPError) {
      _ = try send(
        HTTPRequest(method: "GET", url: url(path), headers: settings.headers), "GET cas", sink: BlobWriterSink(writer))
      return true
    } catch {
      if case .status(let status) = error, status.status == 404 { return false }
      throw Self.failure(error, "GET cas/\(digest.short)")
    }
  }

  public func storeContent(
    _ digest: Digest, size: Int, from path: String, replacing: Bool
  ) throws(RemoteCacheError) -> Int {
    let target = url("cas/\(digest.hex)")
    let name = "cas/\(digest.short)"
    if !replacing {
      do throws(HTTPError) {
        // HEAD first: what another build uploaded is not sent again.
        _ = try send(HTTPRequest(method: "HEAD", url: target, headers: settings.headers), "HEAD cas")
        return 0
      } catch {
        // A server that refuses HEAD may still take the PUT; only an unreachable one stops here.
        if case .status = error {} else { throw Self.failure(error, "HEAD \(name)") }
      }
    }
    let expected = digest.hex
    let body = HTTPBody.file(
      path: path, size: Int64(size), contentType: "application/octet-stream",
      verifier: { SHA256UploadVerifier(expected: expected) })
    do throws(HTTPError) {
      _ = try send(HTTPRequest(method: "PUT", url: target, headers: settings.headers, body: body), "PUT cas")
      return size
    } catch {
      throw Self.failure(error, "PUT \(name)")
    }
  }

  public func storeAction(_ key: Digest, _ entry: [UInt8]) throws(RemoteCacheError) {
    let request = HTTPRequest(
      method: "PUT", url: url("ac/\(key.hex)"), headers: settings.headers,
      body: .bytes(entry, contentType: "application/octet-stream"))
    do throws(HTTPError) {
      _ = try send(request, "PUT ac")
    } catch {
      throw Self.failure(error, "PUT ac/\(key.short)")
    }
  }

  private func url(_ path: String) -> String { base.appending(path) }

  /// What the engine should make of a failed request. Messages name the request, never the
  /// URL's credentials or a header value (`HTTPError` carries neither, except in the URL
  /// cases, which are rewritten here).
  static func failure(_ error: HTTPError, _ request: String) -> RemoteCacheError {
    switch error {
    case .status(let status):
      return .refused("\(request): \(status.statusLine)")
    case .verificationFailed:
      return .failed("\(request): the local object does not match its digest, so it was not uploaded")
    case .fileUnreadable(_, let reason):
      return .failed("\(request): the local object cannot be read: \(reason)")
    case .responseUnwritable(let reason):
      return .failed("\(request): \(reason)")
    case .responseTooLarge(_, let limit):
      return .failed("\(request): the response exceeded \(limit / (1 << 20)) MiB")
    case .invalidURL:
      return .unreachable("\(request): not a valid http or https URL")
    case .libraryUnavailable, .invalidRequest, .couldNotResolve, .connectionRefused, .connectTimeout, .timeout,
      .stalled, .connectionLost, .tls, .transport:
      return .unreachable("\(request): \(error)")
    }
  }
}

/// Whether the remote is still worth contacting in this build, shared by every lane: the
/// first stall (or other unreachable failure) closes it for good. As a transfer observer it
/// abandons the requests in flight and stops a stalled request's retry.
final class RemoteCacheGate: HTTPTransferObserver {
  private let closed = Mutex<HTTPError?>(nil)

  /// The failure that closed the gate, or nil while it is open.
  var reason: HTTPError? { closed.withLock { $0 } }

  func close(_ error: HTTPError) {
    closed.withLock { if $0 == nil { $0 = error } }
  }

  func progress(sent: Int64, totalToSend: Int64, received: Int64) {}

  /// A stall or timeout is not retried: the server accepted and did not answer, and
  /// waiting for it again is what the gate exists to avoid.
  func willRetry(attempt: Int, delay: Double, after error: HTTPError) {
    switch error {
    case .stalled, .timeout: close(error)
    default: break
    }
  }

  func abandonment() -> HTTPError? { reason }
}

/// Hands a download to a content-store writer, restarting it when a retry begins.
private final class BlobWriterSink: HTTPResponseSink {
  let writer: BlobWriter

  init(_ writer: BlobWriter) {
    self.writer = writer
  }

  func begin() throws {
    try writer.restart()
  }

  func write(_ chunk: UnsafeRawBufferPointer) throws {
    try writer.write(chunk)
  }
}

/// The HTTP client, made on first use: creating it loads libcurl, which a build that never
/// misses its local cache does not need.
final class LazyHTTPClient: Sendable {
  private let configuration: HTTPConfiguration
  private let client = Mutex<Result<HTTPClient, HTTPError>?>(nil)

  init(configuration: HTTPConfiguration) {
    self.configuration = configuration
  }

  func get() throws(HTTPError) -> HTTPClient {
    let result = client.withLock { made -> Result<HTTPClient, HTTPError> in
      if let made { return made }
      let new: Result<HTTPClient, HTTPError>
      do throws(HTTPError) {
        new = .success(try HTTPClient(configuration: configuration))
      } catch {
        new = .failure(error)
      }
      made = new
      return new
    }
    return try result.get()
  }
}
