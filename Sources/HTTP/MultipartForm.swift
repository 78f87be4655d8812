/// A `multipart/form-data` body that we generate ourselves rather than with
/// curl_mime, so field order and every byte are under our control.
///
/// The wire format is python-requests', which the backend's users already
/// send: for each part
///
///     --BOUNDARY\r\n
///     Content-Disposition: form-data; name="NAME"[; filename="FILE"]\r\n
///     [Content-Type: TYPE\r\n]
///     \r\n
///     CONTENT\r\n
///
/// and finally `--BOUNDARY--\r\n`.
nonisolated public struct MultipartForm: Sendable {
  /// Must not occur in any part's content; the random default makes that
  /// practically certain without scanning files.
  public var boundary: String
  public var parts: [MultipartPart]

  public init(boundary: String = MultipartForm.randomBoundary(), parts: [MultipartPart] = []) {
    self.boundary = boundary
    self.parts = parts
  }

  /// 32 random lowercase hex characters (128 bits).
  public static func randomBoundary() -> String {
    var generator = SystemRandomNumberGenerator()
    let digits = Array("0123456789abcdef")
    return String((0..<32).map { _ in digits[Int(generator.next() & 15)] })
  }

  public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

  /// The exact body length, computed from the declared file sizes without
  /// touching the files.
  public var contentLength: Int64 {
    segments.reduce(0) { $0 + $1.count }
  }

  /// The body as memory and file pieces, adjacent memory pieces merged so
  /// the read callback copies few, large buffers.
  var segments: [BodySegment] {
    var segments: [BodySegment] = []
    var pending: [UInt8] = []
    for part in parts {
      pending += Array("--\(boundary)\r\n".utf8)
      pending += Array(Self.headerBlock(for: part).utf8)
      switch part.content {
      case .bytes(let bytes):
        pending += bytes
      case .file(let path, let size, let verifier):
        segments.append(.bytes(pending))
        pending = []
        segments.append(.file(path: path, size: size, verifier: verifier))
      }
      pending += Array("\r\n".utf8)
    }
    pending += Array("--\(boundary)--\r\n".utf8)
    segments.append(.bytes(pending))
    return segments
  }

  /// A part's header lines and the blank line that ends them.
  static func headerBlock(for part: MultipartPart) -> String {
    var header = "Content-Disposition: form-data; name=\"\(escape(part.name))\""
    if let filename = part.filename {
      header += "; filename=\"\(escape(filename))\""
    }
    header += "\r\n"
    if let contentType = part.contentType {
      header += "Content-Type: \(contentType)\r\n"
    }
    return header + "\r\n"
  }

  /// Percent-encodes the characters that would end the quoted string or the
  /// header line, as browsers do (WHATWG multipart/form-data encoding).
  static func escape(_ value: String) -> String {
    var result = ""
    for character in value.unicodeScalars {
      switch character {
      case "\"": result += "%22"
      case "\r": result += "%0D"
      case "\n": result += "%0A"
      default: result.unicodeScalars.append(character)
      }
    }
    return result
  }
}
