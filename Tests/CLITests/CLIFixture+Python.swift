import Foundation
import TestSupport
import Testing

/// Plugins, wheels and tree snapshots for the `plugin env` and `plugin test` tests.
extension CLIFixture {
  /// `synapse plugin create -n … -c custom -y`: a plugin with tests that import the runtime.
  func createPlugin(_ code: String = "demo", category: String = "custom") throws -> String {
    let result = synapse([
      "plugin", "create", "-n", "Demo \(code)", "--code", code, "-c", category, "-y", "-p", scratch.path,
    ])
    try #require(result.status == 0, "plugin create: \(result.stderr)")
    return scratch.url("synapse-\(code)-plugin")
  }

  /// Writes a pure-Python wheel by hand (zipfile, RECORD with hashes), so no build backend
  /// and no network are needed: `import <module>` then gives `VALUE == value`. The same
  /// arguments give the same bytes (fixed timestamps).
  func writeWheel(into directory: String, distribution: String, version: String = "1.0", value: Int = 42) throws {
    _ = try ProcessRunner.output(
      "python3",
      [
        "-c",
        """
        import base64, hashlib, os, sys, zipfile
        directory, dist, version, value = sys.argv[1:]
        module = dist.replace("-", "_")
        info = f"{module}-{version}.dist-info"
        files = {
            f"{module}/__init__.py": f"VALUE = {value}\\n",
            f"{info}/METADATA": f"Metadata-Version: 2.1\\nName: {dist}\\nVersion: {version}\\n",
            f"{info}/WHEEL": "Wheel-Version: 1.0\\nGenerator: synapse-tests\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
        }
        record = []
        for path, text in files.items():
            digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
            record.append(f"{path},sha256={digest},{len(text.encode())}")
        files[f"{info}/RECORD"] = "\\n".join(record + [f"{info}/RECORD,,"]) + "\\n"
        os.makedirs(directory, exist_ok=True)
        with zipfile.ZipFile(os.path.join(directory, f"{module}-{version}-py3-none-any.whl"), "w") as z:
            for path, text in files.items():
                z.writestr(zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0)), text)
        """,
        directory, distribution, version, String(value),
      ])
  }

  /// Every path under `directory` with its type, size and mtime: equal snapshots mean
  /// nothing was created, removed or written.
  func treeSnapshot(_ directory: String) throws -> String {
    try ProcessRunner.output("find", [directory, "-printf", "%P %y %s %T@\\n"])
      .split(separator: "\n").sorted().joined(separator: "\n")
  }

  /// Runs a synapse command with `--json` and parses what it printed.
  func json(_ arguments: [String], environment: [String: String] = [:]) throws -> (ProcessResult, [String: Any]) {
    let result = synapse(arguments + ["--json"], environment: environment)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    return (result, try #require(object, "\(arguments): \(result.stdout) \(result.stderr)"))
  }

  /// The `(inode, mtime)` of a path: unchanged when nothing rebuilt it.
  func identity(_ path: String) throws -> String {
    try ProcessRunner.output("stat", ["-c", "%i %Y.%y", path])
  }
}

extension Dictionary where Key == String, Value == Any {
  var stageNames: [String] {
    (self["stages"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
  }

  func stageReason(_ name: String) -> String? {
    (self["stages"] as? [[String: Any]] ?? []).first { $0["name"] as? String == name }?["reason"] as? String
  }
}
