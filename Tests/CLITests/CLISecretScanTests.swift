import Foundation
import TestSupport
import Testing

/// The secret scan's cost stays off unchanged files: the real binary's file opens, traced.
@Suite struct CLISecretScanTests {
  /// `strace` is how the test sees which files a build opens; without it there is nothing to
  /// observe.
  static let strace = ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) }

  @Test(.enabled(if: strace != nil, "needs strace to see which files a build opens"))
  func anEditRescansOnlyTheEditedFile() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    for i in 0..<5 { try "notes \(i)\n".write(toFile: plugin + "/notes-\(i).md", atomically: true, encoding: .utf8) }
    #expect(f.synapse(["build", "-p", plugin]).status == 0)
    try "notes 0, edited\n".write(toFile: plugin + "/notes-0.md", atomically: true, encoding: .utf8)
    let trace = f.scratch.url("trace.txt")
    let traced = ProcessRunner.run(
      Self.strace!, ["-f", "-e", "trace=open,openat", "-o", trace, ProcessRunner.synapseBinary, "build", "-p", plugin],
      cwd: f.scratch.path, environment: ["SYNAPSE_CACHE_DIR": f.cache.path, "NO_COLOR": "1"])
    #expect(traced.status == 0)
    let opened = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").filter {
      $0.contains("/notes-") && !$0.contains("ENOENT")
    }
    #expect(opened.contains { $0.contains("/notes-0.md") })
    #expect(!opened.contains { !$0.contains("/notes-0.md") }, "unchanged files were read: \(opened)")
    // A null build reads none of them.
    let null = ProcessRunner.run(
      Self.strace!, ["-f", "-e", "trace=open,openat", "-o", trace, ProcessRunner.synapseBinary, "build", "-p", plugin],
      cwd: f.scratch.path, environment: ["SYNAPSE_CACHE_DIR": f.cache.path, "NO_COLOR": "1"])
    #expect(null.status == 0)
    #expect(!(try String(contentsOfFile: trace, encoding: .utf8)).contains("/notes-"))
  }

  @Test func symlinkedSecretsFailTheBuildNamingLinkAndTarget() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    try "TOKEN=secret\n".write(toFile: plugin + "/.env", atomically: true, encoding: .utf8)
    symlink("../.env", plugin + "/plugin/settings.cfg")
    let r = f.synapse(["build", "-p", plugin])
    #expect(r.status == 1)
    #expect(r.stderr.contains("error: plugin/settings.cfg: symlink to .env, which the ignore rules exclude"))
    unlink(plugin + "/plugin/settings.cfg")
    let key = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + String(repeating: "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB", count: 3) + "\n-----END OPENSSH PRIVATE KEY-----\n"
    try key.write(toFile: plugin + "/deploy_key", atomically: true, encoding: .utf8)
    let content = f.synapse(["build", "-p", plugin])
    #expect(content.status == 1)
    #expect(content.stderr.contains("error: deploy_key: refusing to archive a likely secret (private key block (BEGIN OPENSSH PRIVATE KEY))"))
    #expect(content.stderr.contains("synapse: allow-secret"))
  }
}
