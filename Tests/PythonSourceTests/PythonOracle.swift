import Foundation
import TestSupport

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
    try ProcessRunner.output(executable, ["-c", script] + arguments)
  }

  struct OracleError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
  }
}
