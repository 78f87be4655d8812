import Foundation

/// Runs the machine's `python3` as an oracle for differential tests (never used by the library).
enum PythonOracle {
  /// The path of a usable `python3`, or nil (tests that need it are then disabled).
  static let executable: String? = {
    let environment = ProcessInfo.processInfo.environment
    for directory in (environment["PATH"] ?? "/usr/bin:/usr/local/bin").split(separator: ":") {
      let candidate = "\(directory)/python3"
      if FileManager.default.isExecutableFile(atPath: candidate),
        let output = try? run(candidate, script: "import sys; print(sys.version_info[0])"), output.hasPrefix("3")
      {
        return candidate
      }
    }
    return nil
  }()

  static var isAvailable: Bool { executable != nil }

  /// Runs `script` with `arguments`, returning standard output; throws on a non-zero exit.
  static func run(_ script: String, arguments: [String] = []) throws -> String {
    guard let executable else { throw OracleError(message: "python3 not found") }
    return try run(executable, script: script, arguments: arguments)
  }

  private static func run(_ executable: String, script: String, arguments: [String] = []) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pyoracle-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let scriptURL = directory.appendingPathComponent("oracle.py")
    let outputURL = directory.appendingPathComponent("out.txt")
    let errorURL = directory.appendingPathComponent("err.txt")
    try script.write(to: scriptURL, atomically: true, encoding: .utf8)
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
    let text = try String(contentsOf: outputURL, encoding: .utf8)
    guard process.terminationStatus == 0 else {
      let stderr = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
      throw OracleError(message: "python3 exited with \(process.terminationStatus): \(stderr.suffix(2000))")
    }
    return text
  }

  struct OracleError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
  }
}
