/// A rendered plugin as one blob: a header line per file (`<size>\t<path>`), a blank line,
/// then the contents in the same order. Paths come from the embedded templates, so they hold
/// no tab or line break.
enum ScaffoldTree {
  static func encode(_ files: [ScaffoldFile]) -> [UInt8] {
    var out = Array(files.map { "\($0.bytes.count)\t\($0.path)\n" }.joined().utf8)
    out.append(0x0A)
    for file in files { out += file.bytes }
    return out
  }

  static func decode(_ bytes: [UInt8]) -> [ScaffoldFile]? {
    var headers: [(size: Int, path: String)] = []
    var index = 0
    while index < bytes.count, bytes[index] != 0x0A {
      guard let end = bytes[index...].firstIndex(of: 0x0A) else { return nil }
      let line = String(decoding: bytes[index..<end], as: UTF8.self)
      let parts = line.split(separator: "\t", maxSplits: 1)
      guard parts.count == 2, let size = Int(parts[0]), size >= 0 else { return nil }
      headers.append((size, String(parts[1])))
      index = end + 1
    }
    guard index < bytes.count else { return nil }
    index += 1
    var files: [ScaffoldFile] = []
    for header in headers {
      guard index + header.size <= bytes.count else { return nil }
      files.append(ScaffoldFile(path: header.path, bytes: Array(bytes[index..<index + header.size])))
      index += header.size
    }
    return index == bytes.count ? files : nil
  }
}
