import Foundation
import Git
import TestSupport
import Testing

/// libgit2 must be dlopen()ed, never linked: linking it (with libssh2, mbedTLS
/// and the rest) costs every process its start-up. This fails if CGit2's
/// module map gains a `link "git2"` line or the target a pkgConfig.
@Suite struct GitLinkageTests {
  @Test func executableDoesNotNeedLibgit2() throws {
    let needed = try ELFLinkage.neededLibraries(of: "/proc/self/exe")
    #expect(needed.contains("libc.so.6"), "the dynamic section was parsed: \(needed)")
    #expect(!needed.contains { $0.contains("libgit2") }, "\(needed)")
  }

  @Test func libgit2IsLoadedOnDemand() throws {
    let outside = TemporaryDirectory("synapse-git-linkage")
    _ = try GitRepository.discover(containing: outside.path)
    let maps = try ELFLinkage.mappedFiles()
    #expect(maps.contains("libgit2.so.1.5"))
  }
}
