import ArgumentParser
import Pipeline
import Stages

/// `synapse cache stats|prune|clean`.
struct CacheCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cache",
    abstract: "Inspect and maintain the build cache.",
    discussion: """
      The cache is bounded (2 GiB by default; SYNAPSE_CACHE_MAX_SIZE changes it, e.g. 500M) \
      and pruned least-recently-used first after builds that add to it.
      """,
    subcommands: [Stats.self, Prune.self, Clean.self])

  func run() throws {
    Terminal.standardError.write(CacheCommand.helpMessage() + "\n")
    throw ExitCode(2)
  }

  struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show what the cache holds.")

    @OptionGroup var cache: CacheOptions
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
      let dir = try cache.open()
      let usage = dir.usage()
      let remote = dir.statistics()
      if json {
        let object: JSONValue = .object([
          "path": .string(dir.path), "max_bytes": .number(Double(dir.maxBytes)),
          "action_entries": .number(Double(usage.actionEntries)),
          "action_bytes": .number(Double(usage.actionBytes)),
          "content_objects": .number(Double(usage.contentObjects)),
          "content_bytes": .number(Double(usage.contentBytes)),
          "total_bytes": .number(Double(usage.totalBytes)),
          "workspaces": .number(Double(usage.workspaces)),
          "temporary_files": .number(Double(usage.temporaryFiles)),
          "temporary_bytes": .number(Double(usage.temporaryBytes)),
          "environments": .number(Double(dir.pythonEnvironmentCount())),
          "remote": .object([
            "builds": .number(Double(remote.builds)), "local_hits": .number(Double(remote.localHits)),
            "remote_hits": .number(Double(remote.remoteHits)), "remote_misses": .number(Double(remote.remoteMisses)),
            "ran": .number(Double(remote.ran)), "downloaded_bytes": .number(Double(remote.downloadedBytes)),
            "uploaded_bytes": .number(Double(remote.uploadedBytes)),
            "builds_with_problems": .number(Double(remote.buildsWithRemoteProblems)),
          ]),
        ])
        Terminal.standardOutput.write(object.text + "\n")
        return
      }
      Terminal.standardOutput.write(
        """
        cache       \(dir.path)
        entries     \(usage.actionEntries) (\(ByteCount.format(usage.actionBytes)))
        objects     \(usage.contentObjects) (\(ByteCount.format(usage.contentBytes)))
        temporary   \(usage.temporaryFiles) (\(ByteCount.format(usage.temporaryBytes)))
        total       \(ByteCount.format(usage.totalBytes)) of \(ByteCount.format(dir.maxBytes))
        workspaces  \(usage.workspaces)
        envs        \(dir.pythonEnvironmentCount()) (Python environments, outside the bound)

        """)
      guard remote.builds > 0 else { return }
      let problems = remote.buildsWithRemoteProblems
      Terminal.standardOutput.write(
        """
        remote      \(remote.builds) build\(remote.builds == 1 ? "" : "s") with a remote cache\(problems > 0 ? " (\(problems) with warnings)" : "")
        stages      \(remote.localHits) local hits, \(remote.remoteHits) remote hits, \(remote.remoteMisses) remote misses, \(remote.ran) ran
        moved       \(ByteCount.format(remote.downloadedBytes)) downloaded, \(ByteCount.format(remote.uploadedBytes)) uploaded

        """)
    }
  }

  struct Prune: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Remove least-recently-used entries until the cache fits its bound.")

    @OptionGroup var cache: CacheOptions
    @Option(
      help: ArgumentHelp("Prune down to this size (e.g. 500M, 1G) instead of the configured bound.", valueName: "size"))
    var maxSize: String?

    func run() throws {
      let dir = try cache.open()
      var target = dir.maxBytes
      if let maxSize {
        guard let n = ByteCount.parse(maxSize) else {
          throw ValidationError(
            "--max-size: '\(maxSize)' is not a size; use a number with an optional K, M or G suffix")
        }
        target = n
      }
      let result = try CacheCommand.exclusively(dir) { dir.prune(toAtMost: target) }
      Terminal.standardOutput.write(
        "removed \(result.removedFiles) files (\(ByteCount.format(result.removedBytes))); \(ByteCount.format(result.remainingBytes)) remain\n"
      )
    }
  }

  struct Clean: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Remove everything from the cache, Python environments included.")

    @OptionGroup var cache: CacheOptions

    func run() throws {
      let dir = try cache.open()
      let before = dir.usage().totalBytes
      try CacheCommand.exclusively(dir) {
        try dir.clean()
        try dir.removePythonState()
      }
      Terminal.standardOutput.write("removed \(ByteCount.format(before)) from \(dir.path)\n")
    }
  }

  /// Waits for running builds to finish, then runs `body` with the cache to itself.
  static func exclusively<T>(_ dir: CacheDirectory, _ body: () throws -> T) throws -> T {
    do {
      let lock = try dir.lock()
      if try !lock.tryLock(.exclusive) {
        Terminal.standardError.write("waiting for other synapse processes using \(dir.path)...\n")
        try lock.lock(.exclusive)
      }
      defer { lock.unlock() }
      return try body()
    } catch let error as CommandFailure {
      throw error
    } catch {
      throw CommandFailure(error)
    }
  }
}
