import Foundation

/// A directory under the system temp dir that is removed when the value is released.
///
/// Tests build their fixtures here (plugins, caches, repositories) so runs never share state.
public final class TemporaryDirectory: @unchecked Sendable {
  // @unchecked: the path is immutable; removal happens once in deinit.
  public let path: String

  public init(_ label: String = "synapse-test") {
    let template = NSTemporaryDirectory() + "\(label)-XXXXXX"
    var bytes = Array(template.utf8CString)
    let result = bytes.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    precondition(result != nil, "mkdtemp failed")
    // Canonical form, so comparisons with realpath'd paths hold.
    path = URL(fileURLWithPath: String(cString: result!)).resolvingSymlinksInPath().path
  }

  deinit {
    _ = try? FileManager.default.removeItem(atPath: path)
  }

  /// `path/relative`.
  public func url(_ relative: String) -> String {
    relative.isEmpty ? path : path + "/" + relative
  }

  /// Writes a file, creating parent directories.
  @discardableResult
  public func write(_ relative: String, _ text: String, executable: Bool = false) -> String {
    write(relative, bytes: Array(text.utf8), executable: executable)
  }

  @discardableResult
  public func write(_ relative: String, bytes: [UInt8], executable: Bool = false) -> String {
    let full = url(relative)
    try? FileManager.default.createDirectory(
      atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: full, contents: Data(bytes))
    chmod(full, executable ? 0o755 : 0o644)
    return full
  }

  public func read(_ relative: String) -> [UInt8] {
    (try? Array(Data(contentsOf: URL(fileURLWithPath: url(relative))))) ?? []
  }

  public func remove(_ relative: String) {
    try? FileManager.default.removeItem(atPath: url(relative))
  }

  public func mkdir(_ relative: String) {
    try? FileManager.default.createDirectory(atPath: url(relative), withIntermediateDirectories: true)
  }
}
