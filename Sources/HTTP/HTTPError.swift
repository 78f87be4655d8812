/// Why a request failed, in terms a command can act on (retry, re-login,
/// fix the file) rather than libcurl codes.
///
/// No case ever carries a header value: credentials travel in headers, and
/// errors end up in logs and terminals.
nonisolated public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
  /// `libcurl.so.4` could not be opened, lacks a symbol or failed to initialise.
  case libraryUnavailable(String)
  /// Not an absolute http(s) URL that libcurl accepts.
  case invalidURL(String)
  /// A header name or value, or the method, would break the request framing.
  case invalidRequest(String)
  case couldNotResolve(host: String)
  /// Nothing accepted the connection (or the network is unreachable).
  case connectionRefused(host: String)
  case connectTimeout(seconds: Double)
  /// The attempt exceeded `HTTPConfiguration.timeout`. `requestSent` tells
  /// whether the whole body had been handed to libcurl.
  case timeout(seconds: Double, requestSent: Bool)
  /// Less than one byte per second moved for `seconds` (`stallTimeout`).
  case stalled(seconds: Double, requestSent: Bool)
  /// The connection broke or closed without a response; `detail` names the host.
  case connectionLost(detail: String, requestSent: Bool)
  /// The TLS handshake or certificate verification failed; the message
  /// names the host and carries libcurl's explanation.
  case tls(String)
  /// An `UploadVerifier` rejected the file at `path`.
  case verificationFailed(path: String, reason: String)
  /// A file to upload could not be opened or read, or its size differs from
  /// the declared one.
  case fileUnreadable(path: String, reason: String)
  /// The server answered with a status outside 2xx.
  case status(HTTPStatusError)
  /// The response body exceeded `limit` bytes.
  case responseTooLarge(url: String, limit: Int)
  /// An `HTTPResponseSink` could not take the body (a full disk, a closed file).
  case responseUnwritable(String)
  /// Any other libcurl failure: its `CURLcode` and message (with the host).
  case transport(code: Int, message: String)

  public var description: String {
    switch self {
    case .libraryUnavailable(let detail):
      return "libcurl.so.4 could not be loaded (\(detail)); install the libcurl4 package"
    case .invalidURL(let url):
      return "\(url) is not a valid http or https URL"
    case .invalidRequest(let reason):
      return "invalid request: \(reason)"
    case .couldNotResolve(let host):
      return "could not resolve host \(host)"
    case .connectionRefused(let host):
      return "could not connect to \(host): connection refused"
    case .connectTimeout(let seconds):
      return "could not connect within \(Self.format(seconds)) s"
    case .timeout(let seconds, let requestSent):
      return "the request timed out after \(Self.format(seconds)) s (\(Self.phase(requestSent)))"
    case .stalled(let seconds, let requestSent):
      return "the transfer stalled: less than 1 byte/s for \(Self.format(seconds)) s (\(Self.phase(requestSent)))"
    case .connectionLost(let detail, let requestSent):
      return "\(detail) (\(Self.phase(requestSent)))"
    case .tls(let message):
      return message
    case .verificationFailed(let path, let reason):
      return "\(path) failed verification during upload: \(reason)"
    case .fileUnreadable(let path, let reason):
      return "cannot upload \(path): \(reason)"
    case .status(let error):
      return error.description
    case .responseTooLarge(let url, let limit):
      // Whole MiB for the usual limits; a smaller one in bytes rather than as "0 MiB".
      let size = limit >= 1 << 20 && limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) bytes"
      return "the response from \(url) exceeded \(size)"
    case .responseUnwritable(let reason):
      return "the response could not be stored: \(reason)"
    case .transport(let code, let message):
      return "\(message) (curl error \(code))"
    }
  }

  private static func phase(_ requestSent: Bool) -> String {
    requestSent ? "after the request was sent" : "before the request was completely sent"
  }

  /// "1", "2.5": seconds without a trailing ".0".
  static func format(_ seconds: Double) -> String {
    let tenths = (seconds * 10).rounded()
    return tenths.truncatingRemainder(dividingBy: 10) == 0
      ? String(Int(tenths / 10)) : String(tenths / 10)
  }
}
