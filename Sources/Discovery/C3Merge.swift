/// The merge step of Python's C3 linearization, in time linear in the total length of the
/// sequences (times a logarithm).
///
/// The textbook merge rescans every sequence for every element it emits, which is quadratic
/// for one class with thousands of bases. Here each node's count of appearances outside the
/// heads is kept, and the sequences whose head appears in no tail wait in a min-heap by
/// position, so "the first sequence with a good head" is the heap's top. A count only ever
/// falls, so a head that became good stays good until it is taken.
struct C3Merge {
  /// The merged order; when no consistent order exists, the part merged before the
  /// conflict.
  var merged: [ClassNode] = []
  /// What was left of each sequence at a conflict (empty when the merge succeeded).
  var remaining: [[ClassNode]] = []
  /// Nodes counted, heap operations and head moves: linear in the sequences' total length
  /// (a test checks this instead of timing).
  private(set) var steps = 0

  init(_ sequences: [[ClassNode]]) {
    var heads = [Int](repeating: 0, count: sequences.count)
    var tailCount: [ClassNode: Int] = [:]
    for sequence in sequences {
      for node in sequence.dropFirst() { tailCount[node, default: 0] += 1 }
      steps += sequence.count
    }
    var headedBy: [ClassNode: [Int]] = [:]
    var ready = MinHeap()
    for (index, sequence) in sequences.enumerated() {
      guard let head = sequence.first else { continue }
      headedBy[head, default: []].append(index)
      if tailCount[head, default: 0] == 0 { ready.push(index) }
    }
    while let index = ready.pop() {
      steps += 1
      // A sequence is pushed again when its new head becomes good; older entries are stale.
      guard heads[index] < sequences[index].count else { continue }
      let head = sequences[index][heads[index]]
      guard tailCount[head, default: 0] == 0, let owners = headedBy.removeValue(forKey: head) else { continue }
      merged.append(head)
      for owner in owners {
        steps += 1
        heads[owner] += 1
        guard heads[owner] < sequences[owner].count else { continue }
        let next = sequences[owner][heads[owner]]
        headedBy[next, default: []].append(owner)
        tailCount[next, default: 1] -= 1
        if tailCount[next] == 0 {
          for waiting in headedBy[next] ?? [] { ready.push(waiting) }
        }
      }
    }
    for (index, sequence) in sequences.enumerated() where heads[index] < sequence.count {
      remaining.append(Array(sequence[heads[index]...]))
    }
  }

  /// A binary min-heap of sequence positions.
  private struct MinHeap {
    private var items: [Int] = []

    mutating func push(_ value: Int) {
      items.append(value)
      var child = items.count - 1
      while child > 0 {
        let parent = (child - 1) / 2
        guard items[child] < items[parent] else { break }
        items.swapAt(child, parent)
        child = parent
      }
    }

    mutating func pop() -> Int? {
      guard let top = items.first else { return nil }
      let last = items.removeLast()
      guard !items.isEmpty else { return top }
      items[0] = last
      var parent = 0
      while true {
        let left = 2 * parent + 1
        let right = left + 1
        var smallest = parent
        if left < items.count, items[left] < items[smallest] { smallest = left }
        if right < items.count, items[right] < items[smallest] { smallest = right }
        guard smallest != parent else { return top }
        items.swapAt(parent, smallest)
        parent = smallest
      }
    }
  }
}
