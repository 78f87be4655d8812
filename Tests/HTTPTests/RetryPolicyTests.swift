import Testing

@testable import HTTP

/// Which failures are repeated, and after how long.
@Suite struct RetryPolicyTests {
  let policy = RetryPolicy(
    configuration: HTTPConfiguration(retryBaseDelay: 0.5, maxRetryDelay: 60), jitter: { 1 })

  func status(_ code: Int, retryAfter: String? = nil) -> HTTPError {
    .status(HTTPStatusError(status: code, headers: retryAfter.map { [HTTPHeader("Retry-After", $0)] } ?? [], body: []))
  }

  @Test func nothingSentIsAlwaysRetried() {
    #expect(policy.delay(after: .connectionRefused(host: "h"), idempotent: false, retry: 1) == 0.5)
    #expect(policy.delay(after: .connectTimeout(seconds: 10), idempotent: false, retry: 2) == 1)
    #expect(policy.delay(after: .couldNotResolve(host: "h"), idempotent: true, retry: 1) == nil)
  }

  @Test func aFullySentPOSTIsNeverRepeatedAfterALostConnection() {
    let lost = HTTPError.connectionLost(detail: "x", requestSent: true)
    #expect(policy.delay(after: lost, idempotent: false, retry: 1) == nil)
    #expect(policy.delay(after: .timeout(seconds: 1, requestSent: true), idempotent: false, retry: 1) == nil)
    #expect(policy.delay(after: .stalled(seconds: 1, requestSent: true), idempotent: false, retry: 1) == nil)
    #expect(policy.delay(after: lost, idempotent: true, retry: 1) == 0.5)
    let partial = HTTPError.connectionLost(detail: "x", requestSent: false)
    #expect(policy.delay(after: partial, idempotent: false, retry: 3) == 2)
  }

  @Test func overloadStatusesAreRetriedHonouringRetryAfter() {
    #expect(policy.delay(after: status(503, retryAfter: "7"), idempotent: false, retry: 1) == 7)
    #expect(policy.delay(after: status(429, retryAfter: "3600"), idempotent: false, retry: 1) == 60)
    #expect(policy.delay(after: status(502), idempotent: false, retry: 1) == 0.5)
    #expect(policy.delay(after: status(504, retryAfter: "soon"), idempotent: false, retry: 2) == 1)
    #expect(policy.delay(after: status(500), idempotent: true, retry: 1) == nil)
    #expect(policy.delay(after: status(401), idempotent: true, retry: 1) == nil)
  }

  @Test func fileProblemsAreNotRetried() {
    #expect(policy.delay(after: .fileUnreadable(path: "p", reason: "r"), idempotent: true, retry: 1) == nil)
    #expect(policy.delay(after: .verificationFailed(path: "p", reason: "r"), idempotent: true, retry: 1) == nil)
  }

  @Test func backoffDoublesUpToTheCapWithJitterBetweenHalfAndFull() {
    #expect((1...5).map { policy.backoff($0) } == [0.5, 1, 2, 4, 8])
    #expect(policy.backoff(20) == 60)
    let random = RetryPolicy(configuration: HTTPConfiguration(retryBaseDelay: 1, maxRetryDelay: 60))
    for _ in 0..<100 {
      #expect((2...4).contains(random.backoff(3)))
    }
  }

  @Test func retryAfterForms() {
    #expect(RetryAfter.seconds(" 120 ") == 120)
    // 784111777 is Sun, 06 Nov 1994 08:49:37 GMT.
    #expect(RetryAfter.httpDate("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
    #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:49:47 GMT", now: 784_111_777) == 10)
    #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:49:37 GMT", now: 784_111_800) == 0)
    #expect(RetryAfter.seconds("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
    #expect(RetryAfter.seconds("-1") == nil)
  }
}
