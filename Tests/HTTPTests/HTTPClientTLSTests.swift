import Foundation
import HTTP
import Testing
import TestSupport

/// Certificates are always verified; a private CA is trusted only when named.
@Suite struct HTTPClientTLSTests {
  @Test func selfSignedServerNeedsItsCertificate() throws {
    let dir = TemporaryDirectory()
    let (certificate, key) = try SelfSignedCertificate.make(in: dir)
    let server = try BackendServer(tls: (certificate, key))
    let (file, _) = writeRandomFile(in: dir, "plugin.zip", size: 64 * 1024)
    let request = releaseRequest(server, form: releaseForm(file: file, size: 64 * 1024))

    #expect {
      try fastClient().send(request)
    } throws: { error in
      guard case .tls(let message) = error as? HTTPError else { return false }
      return message.contains("127.0.0.1:\(server.port)") && message.contains("certificate")
    }
    #expect(server.releases().isEmpty)

    let response = try fastClient(caCertificateFile: certificate).send(request)
    #expect(response.status == 201)
    #expect(server.releases().count == 1)
  }
}
