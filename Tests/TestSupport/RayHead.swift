import Foundation

/// A private single-node Ray head on loopback (`Tests/Ray/ray_head.py`), shared by every
/// test in the process and started on first use.
///
/// The Ray installation is the virtualenv `scripts/install-ray` creates in `.build-ray/venv`.
/// The wrapper binds every listener to 127.0.0.1 and stops the head and all its descendants
/// by their PIDs when its standard input closes: when `stop()` closes it, or when this test
/// process ends for any reason, crashes included. Nothing here runs `ray stop`, which stops
/// every Ray process on the machine.
public final class RayHead: @unchecked Sendable {
  // @unchecked: immutable after init except `stopped`, guarded by `lock`.

  /// The dashboard (Jobs API) URL.
  public let url: String
  public let temporaryDirectory: TemporaryDirectory
  private let process: Process
  private let input: Pipe
  private let lock = NSLock()
  private var stopped = false

  public struct StartFailure: Error, CustomStringConvertible {
    public let description: String
  }

  public static var venv: String { Fixtures.packageRoot + "/.build-ray/venv" }

  private nonisolated(unsafe) static var sharedHead: RayHead?
  private nonisolated(unsafe) static var sharedFailure: String?
  private static let sharedLock = NSLock()

  /// The head every test shares; the first caller starts it.
  public static func shared() throws -> RayHead {
    sharedLock.lock()
    defer { sharedLock.unlock() }
    if let sharedHead { return sharedHead }
    if let sharedFailure { throw StartFailure(description: sharedFailure) }
    do {
      let head = try RayHead()
      sharedHead = head
      atexit { RayHead.sharedHead?.stop() }
      return head
    } catch {
      sharedFailure = "\(error)"
      throw error
    }
  }

  public init(numCPUs: Int = 2) throws {
    let ray = Self.venv + "/bin/ray"
    guard FileManager.default.isExecutableFile(atPath: ray) else {
      throw StartFailure(description: "\(ray) is missing: run scripts/install-ray (./scripts/test does)")
    }
    // Short: Ray's Unix socket paths live under it and must stay under 108 bytes.
    let temporary = TemporaryDirectory("ray")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.venv + "/bin/python")
    process.arguments = [
      Fixtures.packageRoot + "/Tests/Ray/ray_head.py", "--ray", ray, "--temp-dir", temporary.url("t"),
      "--num-cpus", String(numCPUs),
    ]
    try FileManager.default.createDirectory(atPath: temporary.url("t"), withIntermediateDirectories: true)
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle(forWritingAtPath: "/dev/null")
    try process.run()
    self.process = process
    self.input = input
    self.temporaryDirectory = temporary

    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      line += chunk
    }
    let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard text.hasPrefix("ready ") else {
      let log = (try? String(contentsOfFile: temporary.url("ray-start.log"), encoding: .utf8)) ?? ""
      try? input.fileHandleForWriting.close()
      process.waitUntilExit()
      throw StartFailure(description: "the Ray head did not start: \(text)\n\(log.suffix(3000))")
    }
    url = String(text.dropFirst("ready ".count))
  }

  /// Closes the wrapper's input, so it stops the head's processes, and waits for it.
  public func stop() {
    lock.lock()
    defer { lock.unlock() }
    guard !stopped else { return }
    stopped = true
    try? input.fileHandleForWriting.close()
    let deadline = Date().addingTimeInterval(30)
    while process.isRunning, Date() < deadline { usleep(50_000) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    // The shared head lives until exit, when no deinit runs: its session files and the
    // virtualenvs of pip runtime_envs (hundreds of MB) are removed here.
    try? FileManager.default.removeItem(atPath: temporaryDirectory.path)
  }

  deinit {
    stop()
  }
}
