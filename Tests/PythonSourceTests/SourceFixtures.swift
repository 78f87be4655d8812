import Foundation

/// Locates the shared upstream fixtures: `../shared/fixtures/upstream` beside the package, or the
/// machine-wide copy under /work when the package is checked out elsewhere.
enum SourceFixtures {
  static let packageRoot: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
  }()

  static let upstream: String? = {
    let candidates = [
      URL(fileURLWithPath: packageRoot).deletingLastPathComponent().appendingPathComponent("shared/fixtures/upstream")
        .path,
    ]
    return candidates.first { FileManager.default.fileExists(atPath: $0) }
  }()
}
