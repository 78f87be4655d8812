import Foundation
import Pipeline
import Stages
import TestSupport
import Testing

@Suite struct PluginFilesTests {
  func listing(_ dir: TemporaryDirectory) throws -> [String] {
    try TreeWalker(workspace: dir.path, snapshotter: FileSnapshotter(statCache: StatCache()))
      .walk(root: "", filter: PluginIgnoreFilter()).entries.map(\.path)
  }

  /// The whole file set must equal what git considers untracked-and-not-ignored when git is
  /// given the same rules: built-in defaults as core.excludesFile and the same .gitignore
  /// files (git does not know .synapseignore, so this tree uses .gitignore only).
  @Test func fileSetAgreesWithGit() throws {
    let dir = TemporaryDirectory("gitcmp")
    let files = [
      "config.yaml", "README.md", "plugin/__init__.py", "plugin/train.py", "plugin/__pycache__/x.pyc",
      "plugin/util.pyc", "notes/todo.md", "notes/keep.md", "data/raw/a.csv", "data/raw/b.csv",
      "data/clean/a.csv", "logs/run.log", "logs/important.log", "build/out.o", "src/build/keep.txt",
      "deep/a/b/c/model.bin", "deep/a/b/c/model.txt", "docs/api.md", "docs/sub/deep.md",
      "wheels/pkg-1.0-py3-none-any.whl", "env/bin/python", "tests/test_a.py", "x.PYC", "[brackets].txt",
      "space name.txt", "trailing/dir/file", "a/b/c.txt", "negated/dir/file.txt", "negated/keep.txt",
    ]
    for f in files { dir.write(f, f) }
    dir.write(
      ".gitignore",
      """
      # comment
      /notes/*
      !/notes/keep.md
      data/**/a.csv
      !important.log
      deep/**/*.bin
      docs/*.md
      trailing/
      a/b
      negated/
      !negated/keep.txt
      \\[brackets].txt
      """)
    dir.write("plugin/.gitignore", "train.py\n")
    let excludes = dir.write(
      ".git-excludes", PluginIgnoreFilter.defaultPatterns.joined(separator: "\n") + "\n.git-excludes\n")
    let env = ["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"]
    #expect(ProcessRunner.run("git", ["init", "-q"], cwd: dir.path, environment: env).status == 0)
    let git = ProcessRunner.run(
      "git",
      [
        "-c", "core.excludesFile=\(excludes)", "-c", "core.quotePath=false", "ls-files", "--others",
        "--exclude-standard",
      ],
      cwd: dir.path, environment: env)
    #expect(git.status == 0)
    let expected = git.stdout.split(separator: "\n").map(String.init).filter {
      $0 != ".gitignore" && $0 != "plugin/.gitignore"
    }.sorted()
    // .gitignore is in the built-in excludes, so our set drops it; git lists it.
    #expect(try listing(dir).filter { $0 != ".git-excludes" }.sorted() == expected)
    #expect(expected.contains("notes/keep.md") && !expected.contains("notes/todo.md"))
  }

  @Test func synapseignoreOverridesGitignoreInTheSameDirectory() throws {
    let dir = TemporaryDirectory()
    dir.write("config.yaml", "x")
    dir.write("wheels/a.whl", "w")
    dir.write("scratch.txt", "s")
    dir.write(".gitignore", "wheels/\n")
    dir.write(".synapseignore", "!wheels/\nscratch.txt\n")
    #expect(try listing(dir) == [".synapseignore", "config.yaml", "wheels/a.whl"])
  }

  @Test func deeperRulesOverrideParentRules() throws {
    let dir = TemporaryDirectory()
    dir.write("a/x.tmp", "1")
    dir.write("a/b/x.tmp", "2")
    dir.write(".synapseignore", "*.tmp\n")
    dir.write("a/b/.synapseignore", "!x.tmp\n")
    #expect(try listing(dir) == [".synapseignore", "a/b/.synapseignore", "a/b/x.tmp"])
  }

  @Test func secretsAreNamedWithTheWayOut() throws {
    let dir = TemporaryDirectory()
    MinimalPlugin.write(in: dir)
    dir.write(".env.production", "TOKEN=x")
    dir.write(".env.example", "TOKEN=")
    dir.write("keys/id_rsa", "k")
    dir.write("certs/server.pem", "p")
    dir.write("gcp.json", #"{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----"}"#)
    dir.write("data.json", #"{"private_key_id": null}"#)
    let cache = TemporaryDirectory("cache")
    let build = PluginBuild(location: try PluginLocation.resolve(path: dir.path, config: nil), sourceDateEpoch: nil)
    let (report, artifact) = try build.run(cache: try CacheDirectory(path: cache.path), jobs: 2)
    #expect(artifact == nil)
    let error = try #require(report.stage("files")?.error)
    for name in [".env.production", "keys/id_rsa", "certs/server.pem", "gcp.json"] { #expect(error.contains(name)) }
    #expect(!error.contains(".env.example") && !error.contains("data.json"))
    #expect(error.contains(".synapseignore"))
    #expect(report.stage("archive")?.status == .skipped)
    // Excluding them is the way out.
    dir.write(".synapseignore", ".env.production\nkeys/\n*.pem\ngcp.json\n")
    let (again, artifact2) = try build.run(cache: try CacheDirectory(path: cache.path), jobs: 2)
    #expect(again.succeeded)
    #expect(artifact2 != nil)
  }
}
