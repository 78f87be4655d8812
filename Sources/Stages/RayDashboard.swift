import HTTP
import Pipeline
import Schema
import YAML

/// A Ray cluster's Jobs API over HTTP, on the HTTP module: no Ray installation needed on
/// this machine.
///
/// Ray answers most refusals with a Python traceback as text (HTTP 500 for a duplicate
/// submission id or a failed stop, 400 for a malformed request); the last line of the
/// traceback is the message, so that is what errors carry. Requests never look like a
/// browser's (no `Origin`, our own `User-Agent`): Ray blocks those for non-GET methods.
public struct RayDashboard: Sendable {
  public let address: RayAddress
  let token: String?
  let http: HTTPClient

  public init(address: RayAddress, token: String?, configuration: HTTPConfiguration) throws(RayError) {
    self.address = address
    self.token = token.flatMap { $0.isEmpty ? nil : $0 }
    do {
      http = try HTTPClient(configuration: configuration)
    } catch {
      throw .unreachable(url: address.url, source: address.source, reason: error.description)
    }
  }

  /// The token, from `--ray-token` or `RAY_AUTH_TOKEN`.
  public static func token(flag: String?, environment: (String) -> String? = CacheLocation.environment) -> String? {
    if let flag, !flag.isEmpty { return flag }
    return environment("RAY_AUTH_TOKEN").flatMap { $0.isEmpty ? nil : $0 }
  }

  var headers: [HTTPHeader] {
    token.map { [HTTPHeader(name: "Authorization", value: "Bearer \($0)")] } ?? []
  }

  /// Ray's version (`GET /api/version`), which also checks the address and the token.
  public func version() throws(RayError) -> String {
    let body = try send("GET", "/api/version", operation: "report its version").body
    guard let value = try? JSONReader.parse(body), case .string(let version)? = value["ray_version"] else {
      throw .unexpectedResponse(operation: "report its version", detail: "no ray_version in the reply")
    }
    return version
  }

  /// Whether the cluster holds the package. Asking also pins it for ten minutes, so a job
  /// submitted right after finds it even if nothing else uses it.
  public func packageExists(_ name: String) throws(RayError) -> Bool {
    do {
      _ = try send("GET", "/api/packages/gcs/\(name)", operation: "look up package \(name)", notFound: nil)
      return true
    } catch .api(let status, _, _) where status == 404 {
      return false
    }
  }

  /// Uploads a package from a file, streamed.
  /// - Parameter sha256: The file's expected SHA-256 (hex): the bytes are hashed as they are
  ///   read for sending, and a mismatch ends the request before its last chunk leaves
  ///   (``RayError/packageDamaged(name:reason:)``), so Ray never stores damaged bytes.
  public func uploadPackage(_ name: String, file: String, size: Int64, sha256: String? = nil) throws(RayError) {
    var verifier: UploadVerifierFactory?
    if let sha256 { verifier = { SHA256UploadVerifier(expected: sha256) } }
    do throws(RayError) {
      _ = try send(
        "PUT", "/api/packages/gcs/\(name)", operation: "store package \(name)",
        body: .file(path: file, size: size, contentType: "application/zip", verifier: verifier))
    } catch {
      if case .packageDamaged(_, let reason) = error { throw .packageDamaged(name: name, reason: reason) }
      throw error
    }
  }

  /// Submits a job; returns its submission id.
  public func submit(_ request: YAMLValue) throws(RayError) -> String {
    let body = Array(PythonJSON.encode(request).utf8)
    let reply = try send(
      "POST", "/api/jobs/", operation: "submit the job", body: .bytes(body, contentType: "application/json"))
    guard let value = try? JSONReader.parse(reply.body),
      case .string(let id)? = value["submission_id"] ?? value["job_id"]
    else {
      throw .unexpectedResponse(operation: "submit the job", detail: "no submission_id in the reply")
    }
    return id
  }

  public func job(_ id: String) throws(RayError) -> RayJobInfo {
    try RayJobInfo.parse(
      try send("GET", "/api/jobs/\(Self.escaped(id))", operation: "get job \(id)", notFound: id).body)
  }

  /// Every job the cluster knows, newest submissions first as Ray lists them.
  public func jobs() throws(RayError) -> [RayJobInfo] {
    let body = try send("GET", "/api/jobs/", operation: "list jobs").body
    guard let value = try? JSONReader.parse(body), case .sequence(let items) = value else {
      throw .unexpectedResponse(operation: "list jobs", detail: "not a JSON array")
    }
    return items.compactMap { try? RayJobInfo.parse($0) }
  }

  /// The job's whole log so far. Ray has no offset parameter: followers keep their place
  /// themselves (`JobLogCursor`).
  public func logs(_ id: String) throws(RayError) -> String {
    let body = try send(
      "GET", "/api/jobs/\(Self.escaped(id))/logs", operation: "get the logs of job \(id)", notFound: id,
      responseLimit: 512 << 20
    ).body
    guard let value = try? JSONReader.parse(body), case .string(let logs)? = value["logs"] else {
      throw .unexpectedResponse(operation: "get the logs of job \(id)", detail: "no logs in the reply")
    }
    return logs
  }

  /// Asks Ray to stop the job (SIGTERM to its process group, SIGKILL three seconds later);
  /// false when it had already ended.
  public func stop(_ id: String) throws(RayError) -> Bool {
    let body = try send("POST", "/api/jobs/\(Self.escaped(id))/stop", operation: "stop job \(id)", notFound: id).body
    guard let value = try? JSONReader.parse(body), case .bool(let stopped)? = value["stopped"] else {
      throw .unexpectedResponse(operation: "stop job \(id)", detail: "no stopped in the reply")
    }
    return stopped
  }

  private func send(
    _ method: String, _ path: String, operation: String, body: HTTPBody = .empty, notFound: String? = nil,
    responseLimit: Int = HTTPClient.maxResponseBodySize
  ) throws(RayError) -> HTTPResponse {
    let request = HTTPRequest(
      method: method, url: address.url + path, headers: headers, body: body, responseLimit: responseLimit)
    do {
      return try http.send(request)
    } catch {
      throw translate(error, operation: operation, notFound: notFound)
    }
  }

  private func translate(_ error: HTTPError, operation: String, notFound: String?) -> RayError {
    if case .verificationFailed(_, let reason) = error { return .packageDamaged(name: "", reason: reason) }
    guard case .status(let status) = error else {
      return .unreachable(url: address.url, source: address.source, reason: error.description)
    }
    switch status.status {
    case 401: return .tokenRequired(url: address.url)
    case 403: return .tokenRefused(url: address.url, detail: Self.message(from: status.body))
    case 404 where notFound != nil: return .jobNotFound(id: notFound ?? "", url: address.url)
    default: return .api(status: status.status, operation: operation, message: Self.message(from: status.body))
    }
  }

  /// The last non-empty line of a traceback, or the JSON `detail`, or the text.
  ///
  /// Only the body's end is decoded: the line that explains a long traceback is its last.
  static func message(from body: [UInt8]) -> String {
    let text = String(decoding: body.suffix(64 << 10), as: UTF8.self)
    if let value = try? JSONReader.parse(body), case .string(let detail)? = value["detail"] ?? value["message"] {
      return TerminalText.escaped(detail, lineBreaks: false)
    }
    let lines = text.split(whereSeparator: \.isNewline).map { String($0).trimmingASCIIWhitespace }.filter {
      !$0.isEmpty
    }
    return lines.last.map { TerminalText.escaped($0, lineBreaks: false) } ?? "(no explanation)"
  }

  /// A submission id in a URL path: ids are the user's (`--job-id`), so anything outside
  /// unreserved characters is percent-encoded.
  static func escaped(_ id: String) -> String {
    var out = ""
    for byte in id.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = Array("0123456789ABCDEF".utf8)
        out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
      }
    }
    return out
  }
}
