/// Receives a 2xx response body piece by piece while `HTTPClient.send` runs, on the sending
/// thread. A body that never ends (server-sent events) is read this way, and a reader that
/// has seen what it waited for ends the transfer early.
public protocol HTTPResponseStream: Sendable {
  /// Called with each piece as it arrives; returning false ends the transfer, which then
  /// counts as a complete response.
  func receive(_ bytes: UnsafeRawBufferPointer) -> Bool
}
