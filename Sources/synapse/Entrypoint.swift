import ArgumentParser
import Glibc
import Pipeline

/// Parses, runs, and maps failures to the exit codes the tool documents: 0 ok, 1 failure,
/// 2 usage. (ArgumentParser's own default for usage errors is 64.)
@main
enum Entrypoint {
  static func main() {
    do {
      var command = try Synapse.parseAsRoot()
      try command.run()
    } catch let failure as CommandFailure {
      Terminal.standardError.write("error: \(TerminalText.escaped(failure.message))\n")
      exit(1)
    } catch let code as ExitCode {
      exit(code.rawValue)
    } catch {
      let code = Synapse.exitCode(for: error)
      if code == .success {
        Synapse.exit(withError: error)
      }
      if code == .validationFailure {
        Terminal.standardError.write(Synapse.fullMessage(for: error) + "\n")
        exit(2)
      }
      Terminal.standardError.write("error: \(TerminalText.escaped("\(error)"))\n")
      exit(1)
    }
  }
}
