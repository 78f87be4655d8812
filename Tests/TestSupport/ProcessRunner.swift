import Foundation

/// Runs a program to completion and captures its output: how end-to-end tests drive the
/// real `synapse` binary, `git` and `python3`.
public struct ProcessResult: Sendable {
  public let status: Int32
  public let stdout: String
  public let stderr: String

  public var stdoutBytes: [UInt8] { Array(stdout.utf8) }
}

public enum ProcessRunner {
  /// The built `synapse` executable, next to the test bundle.
  public static var synapseBinary: String {
    if let env = ProcessInfo.processInfo.environment["SYNAPSE_BIN"] { return env }
    let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var dir = exe.deletingLastPathComponent()
    // Test bundles live at <bin>/synapsePackageTests.xctest on Linux.
    while dir.path != "/" {
      let candidate = dir.appendingPathComponent("synapse").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return "synapse"
  }

  /// Runs `executable` (a path, or a name looked up on PATH) to completion.
  /// - Parameters:
  ///   - environment: Variables set on top of this process's environment.
  ///   - unsetting: Prefixes of variables removed first (e.g. `GIT_`), so nothing of the
  ///     developer's setup leaks into the child.
  ///   - stdin: Written on another thread, so a child that answers before reading all its
  ///     input cannot deadlock against us.
  @discardableResult
  public static func run(
    _ executable: String, _ arguments: [String], cwd: String? = nil,
    environment: [String: String] = [:], unsetting: [String] = [], stdin: String? = nil
  ) -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
    process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
    if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    var env = ProcessInfo.processInfo.environment.filter { key, _ in !unsetting.contains { key.hasPrefix($0) } }
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    do {
      try process.run()
    } catch {
      return ProcessResult(status: -1, stdout: "", stderr: "\(error)")
    }
    let writer = DispatchGroup()
    writer.enter()
    DispatchQueue.global().async {
      if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
      try? input.fileHandleForWriting.close()
      writer.leave()
    }
    // Read both pipes concurrently so a full stderr cannot block the child.
    let errData = Locked(Data())
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      errData.set(err.fileHandleForReading.readDataToEndOfFile())
      group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    writer.wait()
    process.waitUntilExit()
    return ProcessResult(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData.get(), as: UTF8.self))
  }

  /// A failed command in a test: what ran, its status and the end of its stderr.
  public struct Failure: Error, CustomStringConvertible {
    public let description: String
  }

  /// Standard output of a command that must succeed (exit status in `allowed`).
  public static func output(
    _ executable: String, _ arguments: [String], cwd: String? = nil, environment: [String: String] = [:],
    unsetting: [String] = [], stdin: String? = nil, allowed: Set<Int32> = [0]
  ) throws -> String {
    let r = run(executable, arguments, cwd: cwd, environment: environment, unsetting: unsetting, stdin: stdin)
    guard allowed.contains(r.status) else {
      throw Failure(
        description: "\(executable) \(arguments.prefix(3).joined(separator: " ")) exited \(r.status): \(r.stderr.suffix(2000))")
    }
    return r.stdout
  }

  /// Runs `synapse` with a private cache directory unless one is passed.
  @discardableResult
  public static func synapse(
    _ arguments: [String], cwd: String? = nil, environment: [String: String] = [:]
  ) -> ProcessResult {
    run(synapseBinary, arguments, cwd: cwd, environment: environment)
  }
}

/// A lock-protected box for values crossing threads in tests.
public final class Locked<T>: @unchecked Sendable {
  // @unchecked: every access goes through `lock`.
  private var value: T
  private let lock = NSLock()

  public init(_ value: T) {
    self.value = value
  }

  public func get() -> T {
    lock.lock()
    defer { lock.unlock() }
    return value
  }

  public func set(_ v: T) {
    lock.lock()
    value = v
    lock.unlock()
  }

  public func update(_ f: (inout T) -> Void) {
    lock.lock()
    f(&value)
    lock.unlock()
  }
}
