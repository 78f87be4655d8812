import Foundation

/// A small Python HTTP server from the repository's `Tests/` (such as
/// `Tests/Ray/jobs_api_stub.py`), on 127.0.0.1 with its state in a private directory.
///
/// The script is started with `--state DIR --port 0` and the given arguments, and must write
/// the port it listens on to `DIR/port` (renamed into place) and log one JSON object per line
/// to `DIR/requests.jsonl`. Like `BackendServer`, it is stopped by its process id, never by
/// name.
public final class StubServer: @unchecked Sendable {
  // @unchecked: immutable after init except `stopped`, which only `stop()` touches, under `lock`.

  public let stateDirectory: TemporaryDirectory
  public let port: Int
  private let process: Process
  private let lock = NSLock()
  private var stopped = false

  public struct StartFailure: Error, CustomStringConvertible {
    public let description: String
  }

  /// - Parameter script: a path relative to the package root.
  public init(script: String, arguments: [String] = []) throws {
    let state = TemporaryDirectory("synapse-stub")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      ["python3", Fixtures.packageRoot + "/" + script, "--state", state.path, "--port", "0"] + arguments
    _ = FileManager.default.createFile(atPath: state.url("server.log"), contents: nil)
    let log = try FileHandle(forWritingTo: URL(fileURLWithPath: state.url("server.log")))
    process.standardOutput = log
    process.standardError = log
    process.standardInput = FileHandle.nullDevice
    try process.run()
    try? log.close()

    self.stateDirectory = state
    self.process = process
    var port: Int?
    let deadline = Date().addingTimeInterval(10)
    while port == nil, Date() < deadline, process.isRunning {
      if let text = try? String(contentsOfFile: state.url("port"), encoding: .utf8) {
        port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
      } else {
        usleep(10_000)
      }
    }
    guard let port else {
      Self.terminate(process)
      let log = (try? String(contentsOfFile: state.url("server.log"), encoding: .utf8)) ?? ""
      throw StartFailure(description: "\(script) did not start: \(log.suffix(2000))")
    }
    self.port = port
  }

  deinit {
    stop()
  }

  /// `http://127.0.0.1:PORT`.
  public var baseURL: String { "http://127.0.0.1:\(port)" }

  /// Stops the server; later calls do nothing.
  public func stop() {
    lock.withLock {
      guard !stopped else { return }
      stopped = true
      Self.terminate(process)
    }
  }

  /// SIGTERM, up to 2 s for a clean exit, then SIGKILL; by pid only.
  private static func terminate(_ process: Process) {
    let pid = process.processIdentifier
    guard process.isRunning, pid > 0 else { return }
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

  /// Every line of `requests.jsonl` so far, oldest first.
  public func requests() -> [[String: Any]] {
    let text = (try? String(contentsOfFile: stateDirectory.url("requests.jsonl"), encoding: .utf8)) ?? ""
    return text.split(separator: "\n").compactMap { line in
      try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }
  }

  /// The lines for which `matching` holds, waiting (up to 25 s) until there is at least one:
  /// a server may log something after the client already has its response.
  public func requests(where matching: ([String: Any]) -> Bool) -> [[String: Any]] {
    let deadline = Date().addingTimeInterval(25)
    var found = requests().filter(matching)
    while found.isEmpty, Date() < deadline {
      usleep(10_000)
      found = requests().filter(matching)
    }
    return found
  }

  /// The server's stdout and stderr so far, for failure messages.
  public var log: String {
    (try? String(contentsOfFile: stateDirectory.url("server.log"), encoding: .utf8)) ?? ""
  }
}
