/// One field of a `MultipartForm`.
nonisolated public struct MultipartPart: Sendable {
  public var name: String
  /// Adds `; filename="…"` to the part's Content-Disposition, which is what
  /// makes servers treat the part as an uploaded file.
  public var filename: String?
  /// The part's `Content-Type` line, omitted when nil (as python-requests
  /// does for plain fields and for files given without a type).
  public var contentType: String?
  public var content: Content

  public enum Content: Sendable {
    case bytes([UInt8])
    /// Streamed from disk; `size` is used for the form's length and checked
    /// against the file when it is read.
    case file(path: String, size: Int64, verifier: UploadVerifierFactory?)
  }

  public init(name: String, filename: String? = nil, contentType: String? = nil, content: Content) {
    self.name = name
    self.filename = filename
    self.contentType = contentType
    self.content = content
  }

  /// A plain text field.
  public static func field(_ name: String, _ value: String) -> MultipartPart {
    MultipartPart(name: name, content: .bytes(Array(value.utf8)))
  }

  /// A file field streamed from `path`.
  public static func file(
    _ name: String, filename: String, path: String, size: Int64, contentType: String? = nil,
    verifier: UploadVerifierFactory? = nil
  ) -> MultipartPart {
    MultipartPart(
      name: name, filename: filename, contentType: contentType,
      content: .file(path: path, size: size, verifier: verifier))
  }
}
