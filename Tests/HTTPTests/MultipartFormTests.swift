import Foundation
import Testing
import TestSupport

@testable import HTTP

/// The exact bytes of a generated form: the backend's users send python-requests'
/// format, so ours must match it byte for byte.
@Suite struct MultipartFormTests {
  /// Concatenates a form's segments, reading file segments from disk.
  func encode(_ form: MultipartForm) throws -> [UInt8] {
    var bytes: [UInt8] = []
    for segment in form.segments {
      switch segment {
      case .bytes(let chunk):
        bytes += chunk
      case .file(let path, _, _):
        bytes += Array(try Data(contentsOf: URL(fileURLWithPath: path)))
      }
    }
    return bytes
  }

  @Test func wireFormatMatchesPythonRequests() throws {
    let dir = TemporaryDirectory()
    let file = dir.write("a.zip", "ZIPDATA")
    let form = MultipartForm(
      boundary: "b0undary",
      parts: [
        .field("plugin", "demo"),
        MultipartPart(name: "meta", contentType: "application/json", content: .bytes(Array("{}".utf8))),
        .file("file", filename: "a.zip", path: file, size: 7),
      ])
    let expected =
      "--b0undary\r\nContent-Disposition: form-data; name=\"plugin\"\r\n\r\ndemo\r\n"
      + "--b0undary\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{}\r\n"
      + "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.zip\"\r\n\r\nZIPDATA\r\n"
      + "--b0undary--\r\n"
    #expect(String(decoding: try encode(form), as: UTF8.self) == expected)
    #expect(form.contentLength == Int64(expected.utf8.count))
    #expect(form.contentType == "multipart/form-data; boundary=b0undary")
  }

  @Test func lengthUsesTheDeclaredFileSizeWithoutReadingTheFile() {
    let form = MultipartForm(
      boundary: "x", parts: [.file("file", filename: "f", path: "/nonexistent/file.zip", size: 1 << 40)])
    let overhead = "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\n\r\n--x--\r\n".utf8.count
    #expect(form.contentLength == (1 << 40) + Int64(overhead))
  }

  @Test func quotesAndLineBreaksInNamesArePercentEncoded() {
    let part = MultipartPart(name: "a\"b", filename: "x\r\ny.zip", content: .bytes([]))
    #expect(
      MultipartForm.headerBlock(for: part)
        == "Content-Disposition: form-data; name=\"a%22b\"; filename=\"x%0D%0Ay.zip\"\r\n\r\n")
  }

  @Test func defaultBoundaryIs32RandomHexCharacters() {
    let first = MultipartForm().boundary
    #expect(first.count == 32)
    #expect(first.allSatisfy { "0123456789abcdef".contains($0) })
    #expect(MultipartForm().boundary != first)
  }
}
