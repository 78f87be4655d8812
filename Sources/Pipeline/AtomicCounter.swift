import Synchronization

/// A process-wide counter for unique temporary names.
final class AtomicCounter: Sendable {
  private let value = Atomic<Int>(0)

  func next() -> Int { value.add(1, ordering: .relaxed).newValue }
}
