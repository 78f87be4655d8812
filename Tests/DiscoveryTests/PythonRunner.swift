import Foundation

/// Runs the machine's `python3` as an oracle in differential tests (never used by the library).
enum PythonRunner {
  static let executable: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin"
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/python3"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }()

  /// Whether `python3` runs and can import every module in `modules`.
  static func canImport(_ modules: [String]) -> Bool {
    let script = modules.map { "import \($0)" }.joined(separator: "\n")
    return (try? run(script)) != nil
  }

  static let hasPydantic = canImport(["pydantic"])
  static let isAvailable = executable != nil && canImport(["sys"])

  /// Runs `script` with `arguments` and returns standard output; throws on a non-zero exit.
  static func run(_ script: String, arguments: [String] = []) throws -> String {
    guard let executable else { throw RunnerError(message: "python3 not found") }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("discovery-py-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let scriptURL = directory.appendingPathComponent("script.py")
    try script.write(to: scriptURL, atomically: true, encoding: .utf8)
    let outputURL = directory.appendingPathComponent("out")
    let errorURL = directory.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
    let output = try FileHandle(forWritingTo: outputURL)
    let errors = try FileHandle(forWritingTo: errorURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = [scriptURL.path] + arguments
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    process.waitUntilExit()
    try output.close()
    try errors.close()
    guard process.terminationStatus == 0 else {
      let message = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
      throw RunnerError(message: "python3 failed: \(message.suffix(2000))")
    }
    return try String(contentsOf: outputURL, encoding: .utf8)
  }

  struct RunnerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
  }
}
