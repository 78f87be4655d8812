import Testing

@testable import Stages

@Suite struct RayAddressTests {
  func resolve(flag: String? = nil, env: String? = nil) throws(RayError) -> RayAddress {
    try RayAddress.resolve(flag: flag, environment: { $0 == "RAY_ADDRESS" ? env : nil })
  }

  @Test func flagThenEnvironmentThenDefault() throws {
    #expect(try resolve() == RayAddress(url: "http://127.0.0.1:8265", source: "the default"))
    #expect(try resolve(env: "http://env:8265") == RayAddress(url: "http://env:8265", source: "RAY_ADDRESS"))
    #expect(
      try resolve(flag: "http://flag:8265", env: "http://env:8265")
        == RayAddress(url: "http://flag:8265", source: "--ray-address"))
    // Empty means unset, at both levels.
    #expect(try resolve(flag: "", env: "http://env:8265").source == "RAY_ADDRESS")
    #expect(try resolve(flag: "", env: "").source == "the default")
  }

  @Test func clientAddressNamesTheDashboardOnItsDefaultPort() throws {
    #expect(try resolve(flag: "ray://head.example:10001").url == "http://head.example:8265")
    #expect(try resolve(flag: "ray://head.example").url == "http://head.example:8265")
    #expect(try resolve(flag: "RAY://head:10001/namespace").url == "http://head:8265")
    #expect(try resolve(flag: "ray://[::1]:10001").url == "http://[::1]:8265")
  }

  @Test func bareHostAndPortIsPlainHTTP() throws {
    #expect(try resolve(flag: "10.0.0.5:8265").url == "http://10.0.0.5:8265")
    #expect(try resolve(env: "localhost:9000").url == "http://localhost:9000")
  }

  @Test func urlsAreTrimmedAndKeepTheirScheme() throws {
    #expect(try resolve(flag: "  https://ray.example/dash/ \n").url == "https://ray.example/dash")
    #expect(try resolve(flag: "http://127.0.0.1:8265///").url == "http://127.0.0.1:8265")
    #expect(try resolve(flag: "HTTP://Head:8265").url == "HTTP://Head:8265")
  }

  @Test func autoIsTheLocalDashboard() throws {
    #expect(try resolve(flag: "auto") == RayAddress(url: RayAddress.defaultURL, source: "--ray-address"))
    #expect(try resolve(env: " auto ") == RayAddress(url: RayAddress.defaultURL, source: "RAY_ADDRESS"))
  }

  @Test(arguments: [
    "gcs://head:6379", "ftp://head", "http://", "https:///path", "http://:8265", "ray://", "ray://:10001",
    "ray://[::1", "http://head name:8265", "http://head\t:8265",
  ])
  func invalidAddressesNameTheirSource(_ address: String) {
    #expect(throws: RayError.invalidAddress(address, source: "RAY_ADDRESS")) { try resolve(env: address) }
  }

  @Test func invalidAddressMessageShowsAnExample() {
    let error = RayError.invalidAddress("gcs://x", source: "--ray-address")
    #expect(error.description.contains("\"gcs://x\" (from --ray-address)"))
    #expect(error.description.contains("http://127.0.0.1:8265"))
  }
}
