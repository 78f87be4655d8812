import HTTP
import Schema
import YAML

extension BackendClient {
  /// `POST /plugins/<code>/run/`: upstream's `PluginRunRequest` fields in its order
  /// (agent, action, params, debug, language), absent values left out, encoded as Python's
  /// `json.dumps` would.
  public func runPlugin(
    code: String, agent: Int, action: String, params: YAMLValue?, debug: Bool, language: String
  ) throws(BackendJobError) -> YAMLValue {
    var body: [(key: String, value: YAMLValue)] = [("agent", .int(agent)), ("action", .string(action))]
    if let params { body.append(("params", params)) }
    if debug { body.append(("debug", .bool(true))) }
    body.append(("language", .string(language)))
    let request = HTTPRequest(
      method: "POST", url: credentials.url("plugins/\(Self.pathSegment(code))/run/"), headers: try jobHeaders(),
      body: .bytes(Array(PythonJSON.encode(.mapping(body)).utf8), contentType: "application/json"))
    return try json(request, .run)
  }

  /// `GET /jobs/<id>/`.
  public func job(_ id: String) throws(BackendJobError) -> YAMLValue {
    try json(HTTPRequest(url: jobURL(id), headers: try jobHeaders()), .getJob)
  }

  /// `GET /jobs/<id>/console_logs/`: the lines, from a list of strings or from a page of
  /// entries with a `message` each. The caller's credentials are replaced: the job runs with
  /// them, and an action that prints its environment would show them to anyone watching.
  public func consoleLogs(_ id: String) throws(BackendJobError) -> [String] {
    let value = try json(
      HTTPRequest(url: jobURL(id, "console_logs/"), headers: try jobHeaders(), responseLimit: 256 << 20), .getLogs)
    return Self.logLines(value).map { scrub($0, escaping: false) }
  }

  static func logLines(_ value: YAMLValue) -> [String] {
    switch value {
    case .sequence(let items):
      return items.compactMap { item -> String? in
        if case .string(let line) = item { return line.isEmpty ? nil : line }
        if case .string(let message)? = item["message"] { return message }
        return nil
      }
    case .mapping:
      if case .sequence(let results)? = value["results"] { return logLines(.sequence(results)) }
      return []
    default:
      return []
    }
  }

  /// `GET /jobs/<id>/tail_console_logs/`, server-sent events: `onMessage` gets each log
  /// message as it arrives (credentials replaced, as in `consoleLogs`), until the server says
  /// `complete` or closes the stream.
  public func tailConsoleLogs(_ id: String, onMessage: @escaping @Sendable (String) -> Void) throws(BackendJobError) {
    let secrets = credentials.secrets
    let parser = ServerSentEvents { data in
      guard let value = try? JSONReader.parse(Array(data.utf8)) else { return true }
      var message: String?
      switch value["type"] {
      case .string("complete")?: return false
      case .string("log")?:
        var payload = value["data"]
        if case .string(let nested)? = payload, let parsed = try? JSONReader.parse(Array(nested.utf8)) {
          payload = parsed
        }
        if case .string(let text)? = payload?["message"] { message = text }
      default:
        if case .string(let text)? = value["message"] { message = text }
      }
      if let message { onMessage(SecretRedaction.redacting(message, secrets: secrets)) }
      return true
    }
    let request = HTTPRequest(url: jobURL(id, "tail_console_logs/"), headers: try jobHeaders())
    do {
      _ = try http.send(request, sink: parser)
    } catch {
      throw .failed(operation: .tailLogs, message: jobFailure(error))
    }
  }

  private func jobURL(_ id: String, _ rest: String = "") -> String {
    credentials.url("jobs/\(Self.pathSegment(id))/" + rest)
  }

  /// A path segment from user input, percent-encoded outside unreserved characters.
  static func pathSegment(_ text: String) -> String {
    RayDashboard.escaped(text)
  }

  /// Job endpoints need a token. Upstream's job commands take only an access token; a user
  /// token is sent here too, as upstream's publish and remote run send one.
  private func jobHeaders() throws(BackendJobError) -> [HTTPHeader] {
    guard credentials.accessToken != nil || credentials.userToken != nil else { throw .notAuthenticated }
    return headers()
  }

  private func json(_ request: HTTPRequest, _ operation: BackendJobError.Operation) throws(BackendJobError) -> YAMLValue
  {
    let response: HTTPResponse
    do {
      response = try http.send(request)
    } catch {
      throw .failed(operation: operation, message: jobFailure(error))
    }
    if response.body.isEmpty { return .null }
    do {
      return try JSONReader.parse(response.body)
    } catch {
      throw .failed(
        operation: operation,
        message: "expected JSON, got \(Self.excerpt(scrub(String(decoding: response.body, as: UTF8.self))))")
    }
  }

  private func jobFailure(_ error: HTTPError) -> String {
    if case .status(let status) = error, status.status == 401 {
      return scrub(status.description) + "; check the token (synapse login) and the host"
    }
    var message = scrub(error.description)
    if !message.contains(credentials.displayHost) { message += " (\(credentials.displayHost))" }
    return message
  }
}
