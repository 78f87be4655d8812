import HTTP
import Pipeline
import Schema
import YAML

/// The Synapse backend's HTTP API as the CLI uses it, on the HTTP module: base URL handling,
/// upstream's authentication headers, and replies turned into the messages users act on.
public struct BackendClient: Sendable {
  public let credentials: BackendCredentials
  let http: HTTPClient

  public init(credentials: BackendCredentials, configuration: HTTPConfiguration) throws(PublishError) {
    self.credentials = credentials
    do {
      http = try HTTPClient(configuration: configuration)
    } catch {
      throw .uploadFailed(error.description)
    }
  }

  /// What the backend answered to a publish.
  public struct Release: Sendable, Equatable {
    /// Nil when the reply did not name it (an empty or non-JSON body with a 2xx status).
    public var id: Int?
    /// The backend's checksum of the stored file, when it sends one.
    public var checksum: String?
    /// The reply as JSON text (for `--debug` and `--json`).
    public var body: String
  }

  /// `POST {host}/plugin_releases/` with upstream's multipart fields, in upstream's order:
  /// `plugin`, `version`, `config` (JSON), `debug` (`True`/`False`, Python's spelling), and
  /// the archive as `file` named `plugin.zip`, streamed from disk and checked against its
  /// SHA-256 while it is sent.
  public func publishRelease(
    plugin: String, version: String, config: String, debug: Bool, archivePath: String, size: Int64,
    sha256: String, observer: (any HTTPTransferObserver)?
  ) throws(PublishError) -> Release {
    let verifier: UploadVerifierFactory = { SHA256UploadVerifier(expected: sha256) }
    let form = MultipartForm(parts: [
      MultipartPart(name: "plugin", content: .bytes(Array(plugin.utf8))),
      MultipartPart(name: "version", content: .bytes(Array(version.utf8))),
      MultipartPart(name: "config", content: .bytes(Array(config.utf8))),
      MultipartPart(name: "debug", content: .bytes(Array((debug ? "True" : "False").utf8))),
      MultipartPart(
        name: "file", filename: "plugin.zip", content: .file(path: archivePath, size: size, verifier: verifier)),
    ])
    let request = HTTPRequest(
      method: "POST", url: credentials.url("plugin_releases/"), headers: headers(), body: .multipart(form))
    let response: HTTPResponse
    do {
      response = try http.send(request, observer: observer)
    } catch {
      throw failure(error, plugin: plugin, version: version)
    }
    // A 2xx means the backend took the release, whatever its body says: treating an empty or
    // garbled reply as a failure would make the next publish upload the same version again.
    let text = String(decoding: response.body, as: UTF8.self)
    guard let value = try? JSONReader.parse(response.body), case .mapping = value else {
      return Release(id: nil, checksum: nil, body: scrub(text, escaping: false))
    }
    var id: Int?
    if case .int(let number)? = value["id"] { id = number }
    var checksum: String?
    if case .string(let text)? = value["checksum"], !text.isEmpty { checksum = text }
    return Release(id: id, checksum: checksum, body: scrub(text, escaping: false))
  }

  /// Upstream's headers plus a JSON `Accept`; the tokens never leave this list.
  func headers() -> [HTTPHeader] {
    [HTTPHeader(name: "Accept", value: "application/json")]
      + credentials.headers.map { HTTPHeader(name: $0.name, value: $0.value) }
  }

  /// Errors as users act on them: a duplicate version is the "bump the version" message, an
  /// authentication failure names `synapse login`, and nothing contains a token.
  func failure(_ error: HTTPError, plugin: String, version: String) -> PublishError {
    if case .status(let status) = error {
      if status.status == 400 || status.status == 409 || status.status == 422,
        Self.saysAlreadyExists(status.detail + String(decoding: status.body, as: UTF8.self))
      {
        return .versionAlreadyPublished(
          code: plugin, version: version, host: credentials.displayHost, detail: scrub(status.detail))
      }
      switch status.status {
      case 401:
        return .uploadFailed(scrub(status.description) + "; check the token (synapse login) and the host")
      case 403:
        return .uploadFailed(scrub(status.description) + "; the token may not have permission to publish \(plugin)")
      case 413:
        return .uploadFailed(
          scrub(status.description) + "; the archive is too large for the backend: exclude files with .synapseignore")
      default:
        return .uploadFailed(scrub(status.description))
      }
    }
    // Timeouts and stalls do not name the server; the message should.
    var message = scrub(error.description)
    if !message.contains(credentials.displayHost) { message += " (POST \(credentials.displayHost)/plugin_releases/)" }
    switch error {
    case .timeout(_, let sent), .stalled(_, let sent), .connectionLost(_, let sent):
      if sent {
        message +=
          "; the backend may have received the release: publish again to check (it will say if the "
          + "version exists)"
      }
    default: break
    }
    return .uploadFailed(message)
  }

  /// The backend's ways of saying a version exists (upstream matches the same phrases).
  static func saysAlreadyExists(_ text: String) -> Bool {
    let lowered = text.lowercased()
    return lowered.contains("already exists") || lowered.contains("version_exists") || text.contains("이미 존재")
  }

  /// Replaces any credential that might have been echoed back, and the host (in URLs that
  /// errors carry) by how it is shown; for a message, also escapes control characters and
  /// line breaks (``TerminalText``), so a reply cannot forge lines of output.
  func scrub(_ text: String, escaping: Bool = true) -> String {
    var text = text
    if credentials.host != credentials.displayHost {
      text = text.replacing(credentials.host, with: credentials.displayHost)
    }
    for secret in credentials.secrets where secret.count >= 4 {
      text = text.replacing(secret, with: "<redacted>")
    }
    return escaping ? TerminalText.escaped(text, lineBreaks: false) : text
  }

  static func excerpt(_ text: String) -> String {
    text.count > 200 ? String(text.prefix(200)) + "…" : text
  }
}
