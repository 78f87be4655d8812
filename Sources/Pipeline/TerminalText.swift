/// Text from elsewhere (a server's reply or error, a plugin's file names and values, a job's
/// events and status) made safe to print: control characters are shown, not obeyed, so a
/// hostile or intercepted backend cannot clear the screen, move the cursor, set the window
/// title or fake a line of synapse's own output.
///
/// C0 controls, DEL and the C1 controls (U+0080–U+009F, which some terminals obey as
/// escape sequences) become `\x1b`-style escapes, and a backslash stays a backslash. Tabs are
/// kept, and line feeds where the text is shown as lines. The plugin's own intended output
/// (a local action's stderr, the lines a job prints) is passed through untouched, as a
/// terminal would show it.
public enum TerminalText {
  /// `text` with its control characters escaped.
  /// - Parameter lineBreaks: Keep `\n` (the text is shown as lines); otherwise it is escaped
  ///   too, for text that must stay on one line.
  public static func escaped(_ text: String, lineBreaks: Bool = true) -> String {
    guard text.unicodeScalars.contains(where: { needsEscape($0, lineBreaks: lineBreaks) }) else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      guard needsEscape(scalar, lineBreaks: lineBreaks) else {
        out.append(scalar)
        continue
      }
      let hex = String(scalar.value, radix: 16)
      let escape = scalar.value < 0x100 ? "\\x" + (hex.count == 1 ? "0" : "") + hex : "\\u{\(hex)}"
      out.append(contentsOf: escape.unicodeScalars)
    }
    return String(out)
  }

  static func needsEscape(_ scalar: Unicode.Scalar, lineBreaks: Bool) -> Bool {
    switch scalar.value {
    case 0x09: return false
    case 0x0A: return !lineBreaks
    case 0x00..<0x20, 0x7F, 0x80...0x9F: return true
    default: return false
    }
  }
}
