import Hashing
import Pipeline

/// What synapse knows about an interpreter: one run of it (``PythonProbe``), remembered.
public struct PythonIdentity: Sendable, Codable, Equatable {
  /// `sys.executable`: the real interpreter behind a launcher such as a pyenv shim, used
  /// for everything synapse runs, so no launcher's start-up is paid twice.
  public let executable: String
  /// `sys.version`, in full (it names the build as well as the release).
  public let version: String
  /// `3.11.7`.
  public let release: String
  public let prefix: String
  public let basePrefix: String
  /// Where installed distributions live (`site.getsitepackages()` and the user site).
  public let sitePackages: [String]
  /// Whether `pip` can be imported, so a new environment can use it without its own copy.
  public let hasPip: Bool

  /// An interpreter inside a virtual environment (the plugin's `.venv`, or `--python`
  /// naming one): synapse uses it as it is and never installs into it.
  public var isVirtualEnvironment: Bool { prefix != basePrefix }

  /// The interpreter's part of a stage key.
  public var keyText: String {
    "\(version)\n\(executable)\n\(isVirtualEnvironment ? "virtualenv \(prefix)" : "base")"
  }

  /// A digest of the distributions installed where this interpreter looks (their
  /// `*.dist-info`, `*.egg-info` and `*.pth` names, which carry name and version): an
  /// upgrade of pytest or pydantic changes it, and costs one directory listing per
  /// site-packages directory to notice.
  ///
  /// Directories enter by their position, not their path: the user site lives under
  /// `$HOME`, and two machines whose interpreters see the same distributions must give
  /// the same digest, or their test results could not be shared through a remote cache.
  public func installedDistributions() -> String {
    var text = ""
    for (index, directory) in sitePackages.enumerated() {
      text += "site-packages \(index)\n"
      guard let names = try? FileSystem.listDirectory(directory) else {
        text += "(absent)\n"
        continue
      }
      var kept: [String] = []
      for raw in names {
        let name = String(decoding: raw, as: UTF8.self)
        if name.hasSuffix(".dist-info") || name.hasSuffix(".egg-info") || name.hasSuffix(".pth") {
          kept.append(name)
        }
      }
      for name in kept.sorted() { text += name + "\n" }
    }
    return SHA256.hash(string: text).hex
  }

  enum CodingKeys: String, CodingKey {
    case executable, version, release, prefix
    case basePrefix = "base_prefix"
    case sitePackages = "site_packages"
    case hasPip = "pip"
  }
}
