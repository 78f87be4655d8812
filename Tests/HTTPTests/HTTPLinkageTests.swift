import Foundation
import HTTP
import TestSupport
import Testing

/// libcurl must be dlopen()ed, never linked: linking it (with OpenSSL,
/// nghttp2 and the rest) costs every process its start-up. This fails if
/// CCurl's module map gains a `link "curl"` line or the target a pkgConfig.
@Suite struct HTTPLinkageTests {
  @Test func executableDoesNotNeedLibcurl() throws {
    let needed = try ELFLinkage.neededLibraries(of: "/proc/self/exe")
    #expect(needed.contains("libc.so.6"), "the dynamic section was parsed: \(needed)")
    #expect(!needed.contains { $0.contains("libcurl") }, "\(needed)")
  }

  @Test func libcurlIsLoadedOnDemand() throws {
    let client = try HTTPClient()
    #expect(client.libraryVersion.hasPrefix("libcurl/"))
    let maps = try ELFLinkage.mappedFiles()
    #expect(maps.contains("libcurl.so.4"))
  }
}
