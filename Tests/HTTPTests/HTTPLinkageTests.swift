import Foundation
import HTTP
import Testing

/// libcurl must be dlopen()ed, never linked: linking it (with OpenSSL,
/// nghttp2 and the rest) costs every process its start-up. This fails if
/// CCurl's module map gains a `link "curl"` line or the target a pkgConfig.
@Suite struct HTTPLinkageTests {
  @Test func executableDoesNotNeedLibcurl() throws {
    let needed = try neededLibraries(ofELFAt: "/proc/self/exe")
    #expect(needed.contains("libc.so.6"), "the dynamic section was parsed: \(needed)")
    #expect(!needed.contains { $0.contains("libcurl") }, "\(needed)")
  }

  @Test func libcurlIsLoadedOnDemand() throws {
    let client = try HTTPClient()
    #expect(client.libraryVersion.hasPrefix("libcurl/"))
    let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/maps"))
    defer { try? handle.close() }
    let maps = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
    #expect(maps.contains("libcurl.so.4"))
  }

  /// The DT_NEEDED entries of a 64-bit little-endian ELF file.
  func neededLibraries(ofELFAt path: String) throws -> [String] {
    let elf = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(elf.starts(with: [0x7F, 0x45, 0x4C, 0x46, 2, 1]), "ELF64, little-endian")
    func integer(_ offset: Int, _ size: Int) -> Int {
      (0..<size).reduce(0) { $0 | Int(elf[offset + $1]) << (8 * $1) }
    }
    let sectionTable = integer(0x28, 8)
    let sectionSize = integer(0x3A, 2)
    let sectionCount = integer(0x3C, 2)
    let sections = (0..<sectionCount).map { index -> (type: Int, offset: Int, size: Int, link: Int) in
      let header = sectionTable + index * sectionSize
      return (integer(header + 4, 4), integer(header + 0x18, 8), integer(header + 0x20, 8), integer(header + 0x28, 4))
    }
    var needed: [String] = []
    for section in sections where section.type == 6 {  // SHT_DYNAMIC
      let strings = sections[section.link].offset
      for entry in stride(from: section.offset, to: section.offset + section.size, by: 16) {
        let tag = integer(entry, 8)
        if tag == 0 {
          break
        }
        if tag == 1 {  // DT_NEEDED
          let start = strings + integer(entry + 8, 8)
          let end = elf[start...].firstIndex(of: 0) ?? elf.endIndex
          needed.append(String(decoding: elf[start..<end], as: UTF8.self))
        }
      }
    }
    return needed
  }
}
