/// A failure already described for the user; printed as `error: <message>`, exit 1.
struct CommandFailure: Error {
  let message: String

  init(_ error: any Error) {
    message = "\(error)"
  }

  init(message: String) {
    self.message = message
  }
}
