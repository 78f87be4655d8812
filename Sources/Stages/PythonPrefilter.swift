import Hashing
import Pipeline

/// A byte-level look at a Python file that decides whether it needs the full scanner.
///
/// A file without the word `class` can define no action and no base class; it matters to
/// discovery only when a scanned file imports from it (a re-export), which the discover
/// stage follows. Its top-level functions are still recorded, since an entrypoint may name a
/// function. Plugins that vendor thousands of plain modules are thus read once, cheaply.
struct PythonPrefilter: Equatable {
  var mentionsClass: Bool
  var functions: [String]

  init(mentionsClass: Bool, functions: [String]) {
    self.mentionsClass = mentionsClass
    self.functions = functions
  }

  init(_ bytes: [UInt8]) {
    mentionsClass = Self.contains(bytes, Array("class".utf8))
    var names: [String] = []
    var lineStart = 0
    let n = bytes.count
    while lineStart < n {
      var end = lineStart
      while end < n, bytes[end] != 0x0A { end += 1 }
      var i = lineStart
      if Self.hasPrefix(bytes, i, "async ") { i += 6 }
      if Self.hasPrefix(bytes, i, "def ") {
        i += 4
        let start = i
        while i < end,
          bytes[i] == 0x5F || (bytes[i] | 0x20 >= 0x61 && bytes[i] | 0x20 <= 0x7A)
            || (bytes[i] >= 0x30 && bytes[i] <= 0x39) || bytes[i] >= 0x80
        {
          i += 1
        }
        if i > start { names.append(String(decoding: bytes[start..<i], as: UTF8.self)) }
      }
      lineStart = end + 1
    }
    functions = names
  }

  static func hasPrefix(_ bytes: [UInt8], _ at: Int, _ prefix: String) -> Bool {
    let p = Array(prefix.utf8)
    guard at + p.count <= bytes.count else { return false }
    for k in 0..<p.count where bytes[at + k] != p[k] { return false }
    return true
  }

  static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard needle.count <= haystack.count, let first = needle.first else { return false }
    var i = 0
    let last = haystack.count - needle.count
    while i <= last {
      if haystack[i] == first {
        var k = 1
        while k < needle.count, haystack[i + k] == needle[k] { k += 1 }
        if k == needle.count { return true }
      }
      i += 1
    }
    return false
  }

  /// Appends the cache line `digest flag name,name` for this file.
  func appendLine(digest: Digest, to out: inout [UInt8]) {
    digest.appendHex(to: &out)
    out += mentionsClass ? [0x20, 0x31, 0x20] : [0x20, 0x30, 0x20]
    for (i, name) in functions.enumerated() {
      if i > 0 { out.append(0x2C) }
      out += Array(name.utf8)
    }
    out.append(0x0A)
  }

  /// Reads the cache lines back, keyed by digest; a damaged line is skipped (its file is
  /// looked at again).
  static func parse(_ bytes: [UInt8]) -> [Digest: PythonPrefilter] {
    var out: [Digest: PythonPrefilter] = [:]
    bytes.withUnsafeBytes { buf in
      out.reserveCapacity(buf.count / 90)
      // rest: `0|1 name,name`
      DigestLines.forEach(in: buf) { digest, rest in
        guard rest.count >= 2, buf[rest.lowerBound + 1] == 0x20 else { return }
        var functions: [String] = []
        var start = rest.lowerBound + 2
        for k in start...rest.upperBound where k == rest.upperBound || buf[k] == 0x2C {
          if k > start {
            functions.append(String(decoding: UnsafeRawBufferPointer(rebasing: buf[start..<k]), as: UTF8.self))
          }
          start = k + 1
        }
        out[digest] = PythonPrefilter(mentionsClass: buf[rest.lowerBound] == 0x31, functions: functions)
      }
    }
    return out
  }
}
