import Foundation
import TestSupport

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
    return try ProcessRunner.output(executable, ["-c", script] + arguments)
  }

  struct RunnerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
  }
}
