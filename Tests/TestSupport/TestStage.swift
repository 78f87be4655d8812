import Pipeline

/// A stage defined by a closure, for engine tests.
public struct TestStage: Stage {
  public let name: String
  public let version: Int
  public let inputs: [StageInput]
  public let isCacheable: Bool
  public let isRemotelyCacheable: Bool
  let body: @Sendable (StageContext) throws -> Void
  let check: @Sendable (StageOutputs) -> String?

  /// - Parameter check: ``Stage/problemWithCachedOutputs(_:)``.
  public init(
    _ name: String, version: Int = 1, inputs: [StageInput], cacheable: Bool = true, remotelyCacheable: Bool? = nil,
    check: @escaping @Sendable (StageOutputs) -> String? = { _ in nil },
    body: @escaping @Sendable (StageContext) throws -> Void
  ) {
    self.name = name
    self.version = version
    self.inputs = inputs
    self.isCacheable = cacheable
    self.isRemotelyCacheable = remotelyCacheable ?? cacheable
    self.check = check
    self.body = body
  }

  public func run(_ context: StageContext) throws {
    try body(context)
  }

  public func problemWithCachedOutputs(_ outputs: StageOutputs) -> String? {
    check(outputs)
  }
}

extension BuildReport {
  /// Names of the stages with the given status, in graph order.
  public func names(_ status: StageReport.Status) -> [String] {
    stages.filter { $0.status == status }.map(\.name)
  }
}
