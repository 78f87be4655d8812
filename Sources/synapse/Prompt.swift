import Glibc

/// Questions asked on the terminal: only when standard input is one, so scripts and CI never
/// block on a prompt.
enum Prompt {
  static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 }

  /// Asks on stderr and reads one line from stdin; nil at end of input.
  static func ask(_ question: String) -> String? {
    Terminal.standardError.write(question)
    return readLine(strippingNewline: true)
  }

  /// A yes/no question whose empty answer is `defaultAnswer`.
  static func confirm(_ question: String, default defaultAnswer: Bool) -> Bool {
    let suffix = defaultAnswer ? " [Y/n] " : " [y/N] "
    guard let answer = ask(question + suffix)?.trimmingWhitespace().lowercased() else { return false }
    if answer.isEmpty { return defaultAnswer }
    return answer == "y" || answer == "yes"
  }

  /// Reads a secret with echo turned off, restoring the terminal whatever happens; nil when
  /// the terminal cannot be switched (the secret would be shown) or at end of input.
  static func askHidden(_ question: String) -> String? {
    var saved = termios()
    guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
    var silent = saved
    silent.c_lflag &= ~tcflag_t(ECHO)
    guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent) == 0 else { return nil }
    defer {
      tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
      Terminal.standardError.write("\n")
    }
    return ask(question)
  }
}

extension String {
  func trimmingWhitespace() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
      return ""
    }
    return String(self[start...end])
  }
}
