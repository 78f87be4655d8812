import Foundation
import TestSupport
import Testing

/// A cache on a read-only or a full file system, made real with a tmpfs mounted in a private
/// mount namespace (`unshare -m`), so the mount vanishes with the process that made it.
@Suite struct CLICacheFilesystemTests {
  static let canMount: Bool = ProcessRunner.run("unshare", ["-m", "sh", "-c", "mount -t tmpfs tmpfs /mnt"]).status == 0

  func inNamespace(_ script: String) -> ProcessResult {
    ProcessRunner.run("unshare", ["-m", "sh", "-c", script], environment: ["NO_COLOR": "1"])
  }

  @Test(.enabled(if: canMount)) func readOnlyCacheIsOneClearError() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    let mountPoint = f.scratch.url("ro")
    f.scratch.mkdir("ro")
    let r = inNamespace(
      "mount -t tmpfs -o ro tmpfs '\(mountPoint)' && '\(ProcessRunner.synapseBinary)' build -p '\(plugin)' --cache-dir '\(mountPoint)/cache'"
    )
    #expect(r.status == 1)
    #expect(
      r.stderr
        == "error: cache directory \(mountPoint)/cache is not usable: Read-only file system; pass --cache-dir or set SYNAPSE_CACHE_DIR to a writable directory\n"
    )
  }

  @Test(.enabled(if: canMount)) func fullCacheFailsCleanlyAndLeavesNoPartialObject() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    // Incompressible content larger than the file system.
    let noise = (0..<(256 << 10)).map { UInt8(truncatingIfNeeded: ($0 &* 2654435761) >> 7) }
    try Data(noise).write(to: URL(fileURLWithPath: plugin + "/wheels-big.whl"))
    let mountPoint = f.scratch.url("full")
    f.scratch.mkdir("full")
    let bin = ProcessRunner.synapseBinary
    let r = inNamespace(
      """
      mount -t tmpfs -o size=128k tmpfs '\(mountPoint)' || exit 99
      '\(bin)' build -p '\(plugin)' --cache-dir '\(mountPoint)/cache'; echo "status=$?"
      echo "tmp=$(ls '\(mountPoint)/cache/tmp' | wc -l)"
      for f in $(find '\(mountPoint)/cache/cas' -type f); do
        [ "$(sha256sum "$f" | cut -c1-64)" = "$(basename "$f")" ] || echo "corrupt=$f"
      done
      """)
    #expect(r.stdout.contains("status=1"), "\(r.stdout)\(r.stderr)")
    #expect(
      r.stderr.contains(
        "error: cache directory \(mountPoint)/cache is full (No space left on device); free space, run `synapse cache prune"
      ))
    #expect(r.stdout.contains("tmp=0"))
    #expect(!r.stdout.contains("corrupt="))
  }
}

/// Permission errors, made real by running the binary as `nobody` (root reads everything).
@Suite struct CLIPermissionTests {
  static let canDropPrivileges: Bool =
    getuid() == 0
    && ProcessRunner.run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "true"]).status == 0

  @Test(.enabled(if: canDropPrivileges)) func unreadableFileIsNamed() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    // Let `nobody` reach the plugin and own a cache.
    for dir in [f.scratch.path, plugin, plugin + "/plugin"] { chmod(dir, 0o755) }
    chmod(plugin + "/plugin/main.py", 0o000)
    f.scratch.mkdir("nobody-cache")
    chmod(f.scratch.url("nobody-cache"), 0o777)
    let r = ProcessRunner.run(
      "setpriv",
      [
        "--reuid=65534", "--regid=65534", "--clear-groups", ProcessRunner.synapseBinary, "build", "-p", plugin,
        "--cache-dir", f.scratch.url("nobody-cache/c"),
      ],
      environment: ["HOME": f.scratch.path])
    #expect(r.status == 1)
    #expect(r.stderr == "error: cannot open \(plugin)/plugin/main.py: Permission denied\n")
  }
}
