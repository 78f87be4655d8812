import Archive
import Foundation
import TestSupport
import Testing

/// libarchive must be dlopen()ed, never linked: linking it costs every
/// process ~2 ms at start-up. This fails if CArchive's module map gains a
/// `link "archive"` line or the target gains a pkgConfig (both add -larchive).
@Suite struct ArchiveLinkageTests {
  @Test func testExecutableDoesNotNeedLibarchive() throws {
    let needed = try ELFLinkage.neededLibraries(of: "/proc/self/exe")
    #expect(needed.contains("libc.so.6"), "the dynamic section was parsed: \(needed)")
    #expect(!needed.contains { $0.contains("libarchive") }, "\(needed)")
  }

  @Test func libarchiveIsLoadedOnDemand() throws {
    _ = try zipBytes([TestEntry(path: "a", bytes: [1])])
    let maps = try ELFLinkage.mappedFiles()
    #expect(maps.contains("libarchive.so.13"))
  }
}
