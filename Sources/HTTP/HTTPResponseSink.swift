/// Takes a successful response's body as it arrives, instead of `HTTPClient` holding it in
/// memory: how large downloads (cache objects of any size) go straight to a file, and how a
/// body that never ends (server-sent events) is read while it arrives.
///
/// Called on the thread running `HTTPClient.send`. Error responses are never handed to the
/// sink; their bodies stay in memory for the error message.
public protocol HTTPResponseSink: AnyObject {
  /// A 2xx response has started. A retry calls this again, so whatever an earlier attempt
  /// delivered must be dropped here.
  func begin() throws
  /// The next bytes of the body. Throwing aborts the transfer with
  /// `HTTPError.responseUnwritable`.
  func write(_ chunk: UnsafeRawBufferPointer) throws
  /// Whether the sink has what it wanted: checked after each `write`, true ends the
  /// transfer, which then counts as a complete response.
  var isFinished: Bool { get }
}

extension HTTPResponseSink {
  public var isFinished: Bool { false }
}
