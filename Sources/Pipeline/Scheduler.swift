import Dispatch
import Synchronization

/// Runs a DAG with at most `jobs` nodes at a time, each as soon as its dependencies finish.
///
/// Nodes whose dependency failed are not run; `skip` is called for them instead, naming the
/// failed dependency. Independent work keeps going after a failure, as `make -k` does, so one
/// run reports every failure.
struct Scheduler: Sendable {
  let jobs: Int

  /// - Parameters:
  ///   - nodes: Names in topological order.
  ///   - dependencies: For each node, the nodes it waits for.
  ///   - work: Runs one node in a worker lane (0..<jobs); returns whether it succeeded.
  ///   - skip: Called for a node not run because `failed` did not succeed.
  func run(
    nodes: [String], dependencies: [String: [String]],
    work: @escaping @Sendable (_ node: String, _ lane: Int) -> Bool,
    skip: @escaping @Sendable (_ node: String, _ failed: String) -> Void
  ) {
    struct State {
      var waiting: [String: Int] = [:]
      var failedDependency: [String: String] = [:]
      var lanes: [Int] = []
    }
    var dependents: [String: [String]] = [:]
    var initial = State()
    for node in nodes {
      let deps = dependencies[node] ?? []
      initial.waiting[node] = deps.count
      for d in deps { dependents[d, default: []].append(node) }
    }
    initial.lanes = Array((0..<max(jobs, 1)).reversed())
    let state = Mutex(initial)
    let dependentsOf = dependents
    let group = DispatchGroup()
    let slots = DispatchSemaphore(value: max(jobs, 1))
    let queue = DispatchQueue(label: "synapse.scheduler", attributes: .concurrent)

    @Sendable func finish(_ node: String, succeeded: Bool) {
      var ready: [String] = []
      var skipped: [(String, String)] = []
      state.withLock { s in
        for next in dependentsOf[node] ?? [] {
          if !succeeded, s.failedDependency[next] == nil { s.failedDependency[next] = node }
          s.waiting[next, default: 1] -= 1
          if s.waiting[next] == 0 {
            if let failed = s.failedDependency[next] {
              skipped.append((next, failed))
            } else {
              ready.append(next)
            }
          }
        }
      }
      for (next, failed) in skipped {
        skip(next, failed)
        finish(next, succeeded: false)
      }
      for next in ready { launch(next) }
    }

    @Sendable func launch(_ node: String) {
      group.enter()
      queue.async {
        slots.wait()
        let lane = state.withLock { $0.lanes.popLast() ?? 0 }
        let ok = work(node, lane)
        state.withLock { $0.lanes.append(lane) }
        slots.signal()
        finish(node, succeeded: ok)
        group.leave()
      }
    }

    for node in nodes where (dependencies[node] ?? []).isEmpty { launch(node) }
    group.wait()
  }
}
