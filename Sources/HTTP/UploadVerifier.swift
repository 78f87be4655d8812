/// Makes a fresh verifier for each attempt, since a retry streams the file
/// again from its first byte.
public typealias UploadVerifierFactory = @Sendable () -> any UploadVerifier

/// Sees every byte of a streamed file as it is sent; `finish()` runs before
/// the LAST chunk of the file is handed to libcurl, so a failed check aborts
/// the request before the server can receive a complete body.
///
/// Used to prove that the archive uploaded is the one that was built (its
/// digest), even if the file changed on disk after the build. Called on the
/// thread running `HTTPClient.send`.
public protocol UploadVerifier: AnyObject {
  func update(_ chunk: UnsafeRawBufferPointer)
  /// nil when the file is acceptable, otherwise the reason it is not.
  func finish() -> String?
}
