import ArgumentParser
import Git
import Glibc
import Pipeline
import Stages

/// `synapse hooks install|uninstall`: the git pre-commit hook that validates what is staged.
struct HooksCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hooks",
    abstract: "Install or remove the git pre-commit hook that validates staged plugins.",
    subcommands: [HooksInstallCommand.self, HooksUninstallCommand.self])

  func run() throws {
    Terminal.standardError.write(HooksCommand.helpMessage() + "\n")
    throw ExitCode(2)
  }

  /// The hooks directory of the repository containing `path` (core.hooksPath honoured).
  static func hooksDirectory(_ path: String?) throws -> String {
    let start = FilePath.absolute(path ?? ".", relativeTo: FileSystem.currentDirectory())
    do {
      guard let repository = try GitRepository.discover(containing: start) else {
        throw CommandFailure(message: "\(start) is not inside a git repository")
      }
      return try repository.hooksDirectory
    } catch let failure as CommandFailure {
      throw failure
    } catch {
      throw CommandFailure(error)
    }
  }
}

struct HooksInstallCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "install",
    abstract: "Write a pre-commit hook that runs `synapse plugin validate --staged`.",
    discussion: """
      The hook goes where git looks for hooks (core.hooksPath when set, else .git/hooks). An \
      existing pre-commit hook is kept as pre-commit.synapse-chained and run after synapse's, \
      so nothing is lost; --force replaces it instead. Installing twice changes nothing. For \
      the pre-commit framework, use the hooks in this project's .pre-commit-hooks.yaml \
      (synapse-validate, synapse-update-config-check) instead.
      """)

  @Option(name: [.short, .customLong("path")], help: ArgumentHelp("A path inside the repository.", valueName: "path"))
  var path: String?

  @Flag(help: "Replace an existing pre-commit hook instead of chaining it.")
  var force = false

  func run() throws {
    let directory = try HooksCommand.hooksDirectory(path)
    let executable = (try? FileSystem.realPath("/proc/self/exe")) ?? "synapse"
    let result: GitHooks.InstallResult
    do {
      result = try GitHooks.install(in: directory, executable: executable, force: force)
    } catch {
      throw CommandFailure(error)
    }
    let hook = FilePath.join(directory, "pre-commit")
    switch result {
    case .installed: Terminal.standardOutput.write("installed \(hook)\n")
    case .installedChaining(let chained):
      Terminal.standardOutput.write("installed \(hook); the hook that was there runs after it (\(chained))\n")
    case .alreadyInstalled: Terminal.standardOutput.write("already installed: \(hook)\n")
    }
  }
}

struct HooksUninstallCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "uninstall", abstract: "Remove synapse's pre-commit hook, restoring one it chained.")

  @Option(name: [.short, .customLong("path")], help: ArgumentHelp("A path inside the repository.", valueName: "path"))
  var path: String?

  func run() throws {
    let directory = try HooksCommand.hooksDirectory(path)
    let result: GitHooks.UninstallResult
    do {
      result = try GitHooks.uninstall(from: directory)
    } catch {
      throw CommandFailure(error)
    }
    switch result {
    case .removed: Terminal.standardOutput.write("removed \(FilePath.join(directory, "pre-commit"))\n")
    case .restored(let hook): Terminal.standardOutput.write("removed synapse's hook; restored \(hook)\n")
    case .notInstalled: Terminal.standardOutput.write("no synapse hook in \(directory)\n")
    }
  }
}
