import Foundation
import TestSupport
import Testing

/// Staged validation and the pre-commit hook, with real repositories made by the `git`
/// command line.
@Suite struct CLIGitTests {
  let fixture = CLIFixture()

  /// git with a fixed identity and nothing of the developer's configuration; the built
  /// synapse first on PATH so the hook finds it.
  @discardableResult
  func git(_ arguments: [String], in directory: String) -> ProcessResult {
    let binDirectory = URL(fileURLWithPath: ProcessRunner.synapseBinary).deletingLastPathComponent().path
    return ProcessRunner.run(
      "git",
      ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main",
       "-c", "commit.gpgsign=false"] + arguments,
      cwd: directory,
      environment: [
        "SYNAPSE_CACHE_DIR": fixture.cache.path, "HOME": fixture.scratch.path,
        "PATH": binDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
        "GIT_CONFIG_NOSYSTEM": "1",
      ], unsetting: ["GIT_"])
  }

  func synapse(_ arguments: [String], in directory: String) -> ProcessResult {
    fixture.synapse(arguments, cwd: directory, environment: ["HOME": fixture.scratch.path])
  }

  /// A repository holding the example plugin at `plugins/<name>` for each name, committed.
  func repository(plugins: [String] = ["hello"]) throws -> String {
    let root = fixture.scratch.url("repo")
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    #expect(git(["init", "-q"], in: root).status == 0)
    for name in plugins { try Fixtures.copyTree(Fixtures.examplePlugin, to: root + "/plugins/" + name) }
    #expect(git(["add", "-A"], in: root).status == 0)
    #expect(git(["commit", "-q", "-m", "plugins"], in: root).status == 0)
    return root
  }

  static let badConfig = """
    name: Hello Greeter
    code: hello-greeter
    version: 0.1.0
    category: robots
    actions:
      greet:
        entrypoint: plugin.main:GreetAction

    """

  @Test func anInvalidStagedConfigBlocksTheCommitAndAValidOneCommits() throws {
    let root = try repository()
    #expect(synapse(["hooks", "install"], in: root).status == 0)
    let config = root + "/plugins/hello/config.yaml"
    let good = try String(contentsOfFile: config, encoding: .utf8)
    try Self.badConfig.write(toFile: config, atomically: true, encoding: .utf8)
    git(["add", "-A"], in: root)
    let blocked = git(["commit", "-q", "-m", "bad"], in: root)
    #expect(blocked.status != 0)
    #expect(blocked.stderr.contains("error: plugins/hello/config.yaml:4:11:"), "\(blocked.stderr)")
    #expect(git(["rev-list", "--count", "HEAD"], in: root).stdout == "1\n")

    try (good + "# a comment\n").write(toFile: config, atomically: true, encoding: .utf8)
    git(["add", "-A"], in: root)
    let committed = git(["commit", "-q", "-m", "good"], in: root)
    #expect(committed.status == 0, "\(committed.stderr)")
    #expect(git(["rev-list", "--count", "HEAD"], in: root).stdout == "2\n")
  }

  @Test func commitAllIsJudgedByTheIndexGitIsCommitting() throws {
    // `git commit -a` stages into a temporary index (GIT_INDEX_FILE) just for the hook.
    let root = try repository()
    #expect(synapse(["hooks", "install"], in: root).status == 0)
    try Self.badConfig.write(toFile: root + "/plugins/hello/config.yaml", atomically: true, encoding: .utf8)
    let blocked = git(["commit", "-q", "-a", "-m", "bad"], in: root)
    #expect(blocked.status != 0)
    #expect(blocked.stderr.contains("plugins/hello/config.yaml:4:11"), "\(blocked.stderr)")
    #expect(git(["rev-list", "--count", "HEAD"], in: root).stdout == "1\n")
  }

  @Test func theStagedVersionIsJudgedNotTheWorkingTree() throws {
    let root = try repository()
    let config = root + "/plugins/hello/config.yaml"
    let good = try String(contentsOfFile: config, encoding: .utf8)
    // Invalid staged, valid in the working tree: blocked.
    try Self.badConfig.write(toFile: config, atomically: true, encoding: .utf8)
    git(["add", "plugins/hello/config.yaml"], in: root)
    try good.write(toFile: config, atomically: true, encoding: .utf8)
    #expect(synapse(["plugin", "validate", "-p", "plugins/hello"], in: root).status == 0)
    let staged = synapse(["plugin", "validate", "--staged"], in: root)
    #expect(staged.status == 1)
    #expect(staged.stderr.contains("plugins/hello/config.yaml:4:11"), "\(staged.stderr)")
    // The reverse: valid staged (and changed), invalid in the working tree: passes.
    try (good + "# staged edit\n").write(toFile: config, atomically: true, encoding: .utf8)
    git(["add", "plugins/hello/config.yaml"], in: root)
    try Self.badConfig.write(toFile: config, atomically: true, encoding: .utf8)
    let reverse = synapse(["plugin", "validate", "--staged"], in: root)
    #expect(reverse.status == 0, "\(reverse.stderr)")
    #expect(reverse.stdout.contains("plugins/hello/config.yaml is valid (staged)"))
  }

  @Test func aMonorepoValidatesOnlyThePluginsTheChangeTouches() throws {
    let root = try repository(plugins: ["one", "two", "three"])
    // Break "three" in the working tree only, and stage an edit to "two".
    try Self.badConfig.write(toFile: root + "/plugins/three/config.yaml", atomically: true, encoding: .utf8)
    try "# edited\n".write(toFile: root + "/plugins/two/README.md", atomically: true, encoding: .utf8)
    git(["add", "plugins/two/README.md"], in: root)
    let result = synapse(["plugin", "validate", "--staged"], in: root)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "plugins/two/config.yaml is valid (staged)\n")
    // Nothing staged: nothing to validate.
    git(["reset", "-q"], in: root)
    #expect(synapse(["plugin", "validate", "--staged"], in: root).stdout == "no staged change touches a plugin\n")
    // update-config --check --staged reports a staged config out of step with staged code.
    let main = root + "/plugins/two/plugin/main.py"
    let code = try String(contentsOfFile: main, encoding: .utf8)
    try code.replacingOccurrences(of: "class GreetAction", with: "class GreetAction2").write(
      toFile: main, atomically: true, encoding: .utf8)
    git(["add", "plugins/two/plugin/main.py"], in: root)
    let check = synapse(["plugin", "update-config", "--check", "--staged"], in: root)
    #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
  }

  @Test func anExistingHookIsChainedAndRestoredAndHooksPathIsHonoured() throws {
    let root = try repository()
    let hooks = root + "/.git/hooks"
    try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
    let marker = fixture.scratch.url("mine-ran")
    try "#!/bin/sh\ntouch '\(marker)'\n".write(toFile: hooks + "/pre-commit", atomically: true, encoding: .utf8)
    chmod(hooks + "/pre-commit", 0o755)
    let install = synapse(["hooks", "install"], in: root)
    #expect(install.status == 0)
    #expect(install.stdout.contains("runs after it"))
    #expect(synapse(["hooks", "install"], in: root).stdout.hasPrefix("already installed"))
    try "# x\n".write(toFile: root + "/plugins/hello/README.md", atomically: true, encoding: .utf8)
    git(["add", "-A"], in: root)
    #expect(git(["commit", "-q", "-m", "x"], in: root).status == 0)
    #expect(FileManager.default.fileExists(atPath: marker), "the chained hook ran")
    #expect(synapse(["hooks", "uninstall"], in: root).stdout.contains("restored"))
    #expect(try String(contentsOfFile: hooks + "/pre-commit", encoding: .utf8).contains("mine-ran"))

    // core.hooksPath: the hook goes there, relative to the working tree.
    #expect(git(["config", "core.hooksPath", "githooks"], in: root).status == 0)
    #expect(synapse(["hooks", "install"], in: root).status == 0)
    #expect(FileManager.default.fileExists(atPath: root + "/githooks/pre-commit"))
    try Self.badConfig.write(toFile: root + "/plugins/hello/config.yaml", atomically: true, encoding: .utf8)
    git(["add", "plugins/hello/config.yaml"], in: root)
    #expect(git(["commit", "-q", "-m", "bad"], in: root).status != 0)
  }

  @Test func edgeRepositoriesGiveAResultOrAClearError() throws {
    // No commits yet: everything staged is new.
    let fresh = fixture.scratch.url("fresh")
    try Fixtures.copyTree(Fixtures.examplePlugin, to: fresh)
    #expect(git(["init", "-q"], in: fresh).status == 0)
    git(["add", "-A"], in: fresh)
    let unborn = synapse(["plugin", "validate", "--staged"], in: fresh)
    #expect(unborn.status == 0, "\(unborn.stderr)")
    #expect(unborn.stdout == "config.yaml is valid (staged)\n")
    // Detached HEAD.
    let root = try repository()
    git(["checkout", "-q", "--detach"], in: root)
    try "# y\n".write(toFile: root + "/plugins/hello/README.md", atomically: true, encoding: .utf8)
    git(["add", "-A"], in: root)
    #expect(synapse(["plugin", "validate", "--staged"], in: root).status == 0)
    // A bare repository and a path outside any repository: clear errors.
    let bare = fixture.scratch.url("bare.git")
    #expect(git(["init", "-q", "--bare", bare], in: fixture.scratch.path).status == 0)
    let bareResult = synapse(["plugin", "validate", "--staged"], in: bare)
    #expect(bareResult.status == 1)
    #expect(bareResult.stderr.contains("bare repository"), "\(bareResult.stderr)")
    let outside = TemporaryDirectory("outside")
    let none = synapse(["plugin", "validate", "--staged"], in: outside.path)
    #expect(none.status == 1)
    #expect(none.stderr.contains("not inside a git repository"), "\(none.stderr)")
    #expect(synapse(["hooks", "install"], in: outside.path).stderr.contains("not inside a git repository"))
  }

  @Test func buildsRecordTheCommitInTheReportAndTheArchive() throws {
    let root = try repository()
    let plugin = root + "/plugins/hello"
    func build() throws -> (json: [String: Any], comment: String, sha256: String) {
      let result = synapse(["build", "-p", plugin, "--json"], in: root)
      #expect(result.status == 0, "\(result.stderr)")
      let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
      let path = try #require(json.archive["path"] as? String)
      let comment = try ProcessRunner.output(
        "python3", ["-c", "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).comment.decode())", path])
      return (json, comment, json.archive["sha256"] as? String ?? "")
    }
    let head = git(["rev-parse", "HEAD"], in: root).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let first = try build()
    let git = try #require(first.json["git"] as? [String: Any])
    #expect(git["commit"] as? String == head)
    #expect(git["branch"] as? String == "main")
    #expect(git["dirty"] as? Bool == false)
    #expect(first.comment == "git commit \(head)")

    // A new commit with the same content: a new comment, so other bytes.
    #expect(self.git(["commit", "-q", "--allow-empty", "-m", "empty"], in: root).status == 0)
    let second = try build()
    #expect(second.comment != first.comment)
    #expect(second.sha256 != first.sha256)
    // Back on the first commit (detached): the very same bytes as the first build.
    #expect(self.git(["checkout", "-q", head], in: root).status == 0)
    let third = try build()
    #expect(third.sha256 == first.sha256)
    #expect((third.json["git"] as? [String: Any])?["branch"] is NSNull)
    // An edit makes the tree dirty; the archive still names the commit.
    try "# edited\n".write(toFile: plugin + "/README.md", atomically: true, encoding: .utf8)
    let edited = try build()
    #expect((edited.json["git"] as? [String: Any])?["dirty"] as? Bool == true)
    #expect(edited.comment == "git commit \(head)")
    // Outside a repository there is no git object and no comment.
    let outside = fixture.scratch.url("plain")
    try Fixtures.copyTree(Fixtures.examplePlugin, to: outside)
    let plain = synapse(["build", "-p", outside, "--json"], in: fixture.scratch.path)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])
    #expect(object["git"] == nil)
  }
}
