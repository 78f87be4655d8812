import CCurl
import Glibc

/// A failed attempt in `HTTPError` terms: what went wrong, and whether the server may have
/// received the whole request (which decides whether a retry is safe).
extension CurlTransfer {
  /// Translates a failed `curl_easy_perform` into the error a caller acts on.
  func error(for code: CURLcode, handle: UnsafeMutableRawPointer, elapsed: Double) -> HTTPError {
    let message = errorText(code)
    let sent = requestSent(handle)
    switch code {
    case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
      return .invalidURL(request.url)
    case CURLE_COULDNT_RESOLVE_HOST:
      return .couldNotResolve(host: request.host)
    case CURLE_COULDNT_CONNECT:
      return .connectionRefused(host: request.host)
    case CURLE_OPERATION_TIMEDOUT:
      if let timeout = configuration.timeout, elapsed >= timeout - 0.05 {
        return .timeout(seconds: timeout, requestSent: sent)
      }
      var pretransfer: curl_off_t = 0
      _ = synapse_curl_getinfo_off_t(library.api, handle, CURLINFO_PRETRANSFER_TIME_T, &pretransfer)
      if pretransfer == 0 {
        return .connectTimeout(seconds: configuration.connectTimeout)
      }
      return .stalled(seconds: Double(stallSeconds), requestSent: sent)
    case CURLE_ABORTED_BY_CALLBACK, CURLE_READ_ERROR, CURLE_WRITE_ERROR:
      if let recorded = body.error ?? callbackError {
        return recorded
      }
    case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_SEND_FAIL_REWIND,
      CURLE_HTTP2, CURLE_HTTP2_STREAM:
      return .connectionLost(detail: "the connection to \(request.host) was lost: \(message)", requestSent: sent)
    case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
      CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
      CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
      CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
      return .tls("the secure connection to \(request.host) failed: \(message)")
    default:
      break
    }
    return .transport(code: Int(code.rawValue), message: "the request to \(request.host) failed: \(message)")
  }

  /// Whether the server may have received the whole request. For a body,
  /// that is when its last byte went to libcurl; without one, when libcurl
  /// has sent the request headers.
  private func requestSent(_ handle: UnsafeMutableRawPointer) -> Bool {
    guard request.contentLength == 0 else {
      return body.isComplete
    }
    var requestSize = 0
    _ = synapse_curl_getinfo_long(library.api, handle, CURLINFO_REQUEST_SIZE, &requestSize)
    return requestSize > 0
  }

  /// The error buffer's message, or libcurl's generic text for `code`.
  func errorText(_ code: CURLcode) -> String {
    if errorBuffer.pointee != 0 {
      return String(cString: errorBuffer)
    }
    guard let text = library.api.pointee.easy_strerror(code) else {
      return "error \(code.rawValue)"
    }
    return String(cString: text)
  }
}
