import Glibc

/// Feeds a request body to libcurl's read callback, one attempt's worth.
///
/// Files are read straight into libcurl's upload buffer (1 MiB, see
/// `CurlTransfer`), so a body of any size costs no memory of its own. A
/// fresh stream, with fresh verifiers, is made for every attempt.
nonisolated final class BodyStream {
  let length: Int64
  /// Bytes returned to libcurl so far.
  private(set) var handedOver: Int64 = 0
  /// Why the stream refused to continue; the read callback then aborts.
  private(set) var error: HTTPError?

  private let segments: [BodySegment]
  private var segmentIndex = 0
  /// Bytes of the current segment already handed over.
  private var segmentOffset: Int64 = 0
  private var file: OpenFile?

  /// The file segment being read.
  private struct OpenFile {
    let descriptor: Int32
    let path: String
    let verifier: (any UploadVerifier)?
  }

  init(segments: [BodySegment], length: Int64) {
    self.segments = segments
    self.length = length
  }

  deinit {
    if let file {
      close(file.descriptor)
    }
  }

  /// Whether libcurl has been given every byte of the body: from then on
  /// the server may have received the whole request and acted on it.
  var isComplete: Bool { handedOver == length }

  /// Fills `buffer` with the next bytes; 0 at the end of the body, nil when
  /// the body cannot be produced (`error` says why).
  func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
    guard error == nil else {
      return nil
    }
    var filled = 0
    while filled < buffer.count, segmentIndex < segments.count {
      let index = segmentIndex
      let space = UnsafeMutableRawBufferPointer(rebasing: buffer[filled...])
      let count: Int?
      switch segments[segmentIndex] {
      case .bytes(let bytes):
        count = copy(bytes, into: space)
      case .file(let path, let size, let verifier):
        count = readFile(path: path, size: size, verifier: verifier, into: space)
      }
      guard let count else {
        return nil
      }
      filled += count
      // An unfinished segment means a full buffer or a short file read,
      // after which libcurl simply calls again.
      if segmentIndex == index {
        break
      }
    }
    handedOver += Int64(filled)
    return filled
  }

  private func copy(_ bytes: [UInt8], into space: UnsafeMutableRawBufferPointer) -> Int {
    let start = Int(segmentOffset)
    let count = min(space.count, bytes.count - start)
    bytes.withUnsafeBytes { source in
      space.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<start + count]))
    }
    advance(by: count, segmentSize: Int64(bytes.count))
    return count
  }

  private func readFile(
    path: String, size: Int64, verifier factory: UploadVerifierFactory?, into space: UnsafeMutableRawBufferPointer
  ) -> Int? {
    if file == nil {
      guard open(path: path, size: size, factory: factory) else {
        return nil
      }
    }
    guard let file, let base = space.baseAddress else {
      return 0
    }
    let wanted = Int(min(Int64(space.count), size - segmentOffset))
    var count = 0
    if wanted > 0 {
      repeat {
        count = Glibc.read(file.descriptor, base, wanted)
      } while count < 0 && errno == EINTR
      if count < 0 {
        return fail(.fileUnreadable(path: path, reason: Self.systemError()))
      }
      if count == 0 {
        return fail(
          .fileUnreadable(path: path, reason: "it ended after \(segmentOffset) of the \(size) bytes declared"))
      }
      file.verifier?.update(UnsafeRawBufferPointer(start: base, count: count))
    }
    if segmentOffset + Int64(count) == size {
      // Before libcurl sees the last bytes, so a rejected file never
      // reaches the server complete.
      if let reason = file.verifier?.finish() {
        return fail(.verificationFailed(path: path, reason: reason))
      }
      close(file.descriptor)
      self.file = nil
    }
    advance(by: count, segmentSize: size)
    return count
  }

  /// Opens the file of the current segment and checks it still has the
  /// declared size, since the length has already gone out in the headers.
  private func open(path: String, size: Int64, factory: UploadVerifierFactory?) -> Bool {
    let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      error = .fileUnreadable(path: path, reason: Self.systemError())
      return false
    }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      error = .fileUnreadable(path: path, reason: Self.systemError())
      close(descriptor)
      return false
    }
    guard Int64(status.st_size) == size else {
      error = .fileUnreadable(
        path: path, reason: "it has \(status.st_size) bytes, but \(size) were declared (did it change after the build?)"
      )
      close(descriptor)
      return false
    }
    file = OpenFile(descriptor: descriptor, path: path, verifier: factory?())
    return true
  }

  private func advance(by count: Int, segmentSize: Int64) {
    segmentOffset += Int64(count)
    if segmentOffset == segmentSize {
      segmentIndex += 1
      segmentOffset = 0
    }
  }

  private func fail(_ failure: HTTPError) -> Int? {
    error = failure
    return nil
  }

  private static func systemError() -> String {
    String(cString: strerror(errno))
  }
}
