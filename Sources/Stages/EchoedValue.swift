/// A value from the user's files as a message shows it: short values whole, long ones cut
/// with their length, so a 200 KB entrypoint yields a readable error line rather than a
/// 400 KB one.
enum EchoedValue {
  static let maximumShown = 120

  static func shown(_ text: String) -> String {
    guard text.utf8.count > maximumShown else { return text }
    let count = text.count
    guard count > maximumShown else { return text }
    return String(text.prefix(maximumShown)) + "… (\(count) characters)"
  }
}
