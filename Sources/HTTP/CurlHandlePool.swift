import CCurl
import Synchronization

/// Idle libcurl easy handles of one `HTTPClient`, kept so the next request reuses their
/// open connection (and TLS session) instead of opening a new one.
///
/// A handle is reset (`curl_easy_reset`) before it is put back, which drops every option and
/// pointer of the finished transfer but keeps libcurl's connection cache; only handles whose
/// exchange completed come back, so a connection that failed is never trusted again.
nonisolated final class CurlHandlePool: Sendable {
  /// An easy handle; each is used by one thread at a time, which the pool guarantees by
  /// handing it out to one transfer only.
  private struct Handle: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
  }

  /// More idle handles than concurrent requests is pointless; a build asks from at most
  /// as many threads as it has worker lanes.
  static let capacity = 8

  private let library: CurlLibrary
  private let idle = Mutex<[Handle]>([])

  init(library: CurlLibrary) {
    self.library = library
  }

  deinit {
    let api = library.api
    idle.withLock { handles in
      for handle in handles {
        api.pointee.easy_cleanup(handle.pointer)
      }
      handles = []
    }
  }

  /// An idle handle with its options reset, or nil when none is idle.
  func take() -> UnsafeMutableRawPointer? {
    idle.withLock { $0.popLast()?.pointer }
  }

  /// Resets a handle whose exchange completed and keeps it for the next request.
  func give(_ pointer: UnsafeMutableRawPointer) {
    let api = library.api
    api.pointee.easy_reset(pointer)
    let kept = idle.withLock { handles -> Bool in
      guard handles.count < Self.capacity else {
        return false
      }
      handles.append(Handle(pointer: pointer))
      return true
    }
    if !kept {
      api.pointee.easy_cleanup(pointer)
    }
  }
}
