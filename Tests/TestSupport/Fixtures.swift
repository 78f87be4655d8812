import Foundation

/// Paths of the repository and of the shared upstream fixtures.
public enum Fixtures {
  /// The package root, found from this file's location.
  public static let packageRoot: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
  }()

  /// `../shared/fixtures/upstream` beside the checkout, when it exists (it does on developer
  /// machines and in CI; tests that need it are skipped elsewhere).
  public static let upstream: String? = {
    let path = URL(fileURLWithPath: packageRoot).deletingLastPathComponent()
      .appendingPathComponent("shared/fixtures/upstream").path
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }()

  public static var hasUpstream: Bool { upstream != nil }

  /// The example plugin shipped in `examples/`.
  public static var examplePlugin: String { packageRoot + "/examples/hello-plugin" }

  /// Copies a directory tree (e.g. a fixture plugin) into `destination`.
  public static func copyTree(_ source: String, to destination: String) throws {
    let fm = FileManager.default
    try? fm.removeItem(atPath: destination)
    try fm.copyItem(atPath: source, toPath: destination)
    // Fixtures may be read-only; tests edit their copies.
    if let enumerator = fm.enumerator(atPath: destination) {
      chmod(destination, 0o755)
      for case let rel as String in enumerator {
        let p = destination + "/" + rel
        var isDir: ObjCBool = false
        _ = fm.fileExists(atPath: p, isDirectory: &isDir)
        chmod(p, isDir.boolValue ? 0o755 : 0o644)
      }
    }
  }
}
