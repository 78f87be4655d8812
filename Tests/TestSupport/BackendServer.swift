import Foundation

/// A running `Tests/Backend/synapse_backend.py`: the real HTTP server that
/// end-to-end tests upload to, with its state in a private directory.
///
/// The server is stopped by the process id it was started with (SIGTERM,
/// then SIGKILL), never by name, so parallel tests and other users' servers
/// are left alone.
public final class BackendServer: @unchecked Sendable {
  // @unchecked: everything is immutable after init except `stopped`, which
  // only `stop()` touches, under `lock`.

  public let stateDirectory: TemporaryDirectory
  public let port: Int
  public let token: String
  public let usesTLS: Bool
  private let process: Process
  private let lock = NSLock()
  private var stopped = false

  public struct StartFailure: Error, CustomStringConvertible {
    public let description: String
  }

  /// The server script, found from the package root.
  public static var script: String { Fixtures.packageRoot + "/Tests/Backend/synapse_backend.py" }

  /// Starts the server on an ephemeral port and waits until it listens.
  /// - Parameters:
  ///   - faults: `--fault` specs queued from the start.
  ///   - tls: PEM certificate and key; the server then speaks only HTTPS.
  public init(
    token: String = "test-token", userToken: String? = nil, tenant: String? = nil, maxBody: Int? = nil,
    faults: [String] = [], tls: (certificate: String, key: String)? = nil
  ) throws {
    let state = TemporaryDirectory("synapse-backend")
    var arguments = [Self.script, "--state", state.path, "--port", "0", "--token", token]
    if let userToken { arguments += ["--user-token", userToken] }
    if let tenant { arguments += ["--tenant", tenant] }
    if let maxBody { arguments += ["--max-body", String(maxBody)] }
    if let tls { arguments += ["--tls-cert", tls.certificate, "--tls-key", tls.key] }
    for fault in faults { arguments += ["--fault", fault] }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    // Files rather than pipes: nobody reads them while the server runs, and
    // a full pipe would block it.
    _ = FileManager.default.createFile(atPath: state.url("server.log"), contents: nil)
    let log = try FileHandle(forWritingTo: URL(fileURLWithPath: state.url("server.log")))
    process.standardOutput = log
    process.standardError = log
    process.standardInput = FileHandle.nullDevice
    try process.run()
    try? log.close()

    self.stateDirectory = state
    self.process = process
    self.token = token
    self.usesTLS = tls != nil
    var port: Int?
    let deadline = Date().addingTimeInterval(10)
    while port == nil, Date() < deadline, process.isRunning {
      // The server renames the file into place, so it is complete once it exists.
      if let text = try? String(contentsOfFile: state.url("port"), encoding: .utf8) {
        port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
      } else {
        usleep(10_000)
      }
    }
    guard let port else {
      Self.terminate(process)
      let log = (try? String(contentsOfFile: state.url("server.log"), encoding: .utf8)) ?? ""
      throw StartFailure(description: "synapse_backend.py did not start: \(log.suffix(2000))")
    }
    self.port = port
  }

  deinit {
    stop()
  }

  /// `http(s)://127.0.0.1:PORT`.
  public var baseURL: String { "\(usesTLS ? "https" : "http")://127.0.0.1:\(port)" }

  public var releasesURL: String { baseURL + "/plugin_releases/" }

  /// Stops the server; later calls do nothing.
  public func stop() {
    lock.lock()
    defer { lock.unlock() }
    guard !stopped else {
      return
    }
    stopped = true
    Self.terminate(process)
  }

  /// SIGTERM, up to 2 s for a clean exit, then SIGKILL; by pid only.
  private static func terminate(_ process: Process) {
    let pid = process.processIdentifier
    guard process.isRunning, pid > 0 else {
      return
    }
    kill(pid, SIGTERM)
    let deadline = Date().addingTimeInterval(2)
    while process.isRunning, Date() < deadline {
      usleep(5_000)
    }
    if process.isRunning {
      kill(pid, SIGKILL)
    }
    process.waitUntilExit()
  }

  /// The stored releases (`releases.json`), oldest first.
  public func releases() -> [[String: Any]] {
    jsonList("releases.json")
  }

  /// Every `POST /plugins/<code>/run/` (`runs.json`), oldest first: `plugin`, the raw
  /// `body` text, `content_type`, `auth`, `status` and the `job` it created.
  public func runs() -> [[String: Any]] {
    jsonList("runs.json")
  }

  /// The jobs as `GET /jobs/<id>/` shows them (`jobs.json`), oldest first.
  public func jobs() -> [[String: Any]] {
    jsonList("jobs.json")
  }

  private func jsonList(_ name: String) -> [[String: Any]] {
    guard let data = FileManager.default.contents(atPath: stateDirectory.url(name)),
      let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
    else {
      return []
    }
    return list
  }

  /// One entry per request the server saw (`requests.jsonl`), optionally
  /// only those for `path`.
  public func requests(path: String? = nil) -> [[String: Any]] {
    let text = (try? String(contentsOfFile: stateDirectory.url("requests.jsonl"), encoding: .utf8)) ?? ""
    return text.split(separator: "\n").compactMap { line in
      try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }.filter { path == nil || $0["path"] as? String == path }
  }

  /// Like `requests(path:)`, but first waits (up to 5 s) until at least
  /// `count` have been logged: the server logs a request after answering it,
  /// so the line may lag behind the response the client already has.
  public func requests(path: String? = nil, atLeast count: Int) -> [[String: Any]] {
    let deadline = Date().addingTimeInterval(5)
    var found = requests(path: path)
    while found.count < count, Date() < deadline {
      usleep(10_000)
      found = requests(path: path)
    }
    return found
  }

  /// The bytes stored for release `id`.
  public func releaseFile(id: Int) -> [UInt8] {
    stateDirectory.read("releases/\(id).zip")
  }

  /// The server's stdout and stderr so far, for failure messages.
  public var log: String {
    (try? String(contentsOfFile: stateDirectory.url("server.log"), encoding: .utf8)) ?? ""
  }
}
