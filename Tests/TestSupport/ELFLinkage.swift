import Foundation

/// What a binary links and what a process has mapped: the tests that keep libarchive, libcurl
/// and libgit2 out of start-up (they are loaded with dlopen) read both.
public enum ELFLinkage {
  public struct NotELF64: Error, CustomStringConvertible {
    public let path: String
    public var description: String { "\(path) is not a 64-bit little-endian ELF file" }
  }

  /// The DT_NEEDED entries of a 64-bit little-endian ELF file.
  public static func neededLibraries(of path: String) throws -> [String] {
    let elf = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    guard elf.starts(with: [0x7F, 0x45, 0x4C, 0x46, 2, 1]) else { throw NotELF64(path: path) }
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
    let dynamicType = 6  // SHT_DYNAMIC
    let neededTag = 1  // DT_NEEDED
    var needed: [String] = []
    for section in sections where section.type == dynamicType {
      let strings = sections[section.link].offset
      for entry in stride(from: section.offset, to: section.offset + section.size, by: 16) {
        let tag = integer(entry, 8)
        if tag == 0 { break }
        if tag == neededTag {
          let start = strings + integer(entry + 8, 8)
          let end = elf[start...].firstIndex(of: 0) ?? elf.endIndex
          needed.append(String(decoding: elf[start..<end], as: UTF8.self))
        }
      }
    }
    return needed
  }

  /// This process's memory map (`/proc/self/maps`), which names every loaded library.
  public static func mappedFiles() throws -> String {
    // /proc files report size 0, so read until end of file rather than by size.
    let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/maps"))
    defer { try? handle.close() }
    return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
  }
}
