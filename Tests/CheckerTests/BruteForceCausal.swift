@testable import Checker

/// Causal models by their definitions, by brute force over orders, for tiny histories only.
///
/// With distinct written values every read names its write, and the least causal order that can
/// justify the reads is CO = (session order ∪ reads-from)+, so:
/// - CC: every read can be placed after some order of the writes in its causal past, consistent
///   with CO, whose last write of its key is the one it read (none for the initial value);
/// - CCv: one total order of all writes, consistent with CO, does that for every read at once;
/// - CM: for each session, one order of the writes in its causal past and its own operations,
///   consistent with CO, makes every read of the session return the last write of its key before it.
struct BruteForceCausal {
  let history: CausalHistory
  let co: CausalOrder

  init?(_ history: History) {
    guard case .success(let causal) = CausalHistory.build(history, initial: .null), let order = causal.causalOrder() else { return nil }
    self.history = causal
    self.co = order
  }

  func before(_ a: Int, _ b: Int) -> Bool {
    a != b && Int32(history.ops[a].position) <= co.vector[b][history.ops[a].session]
  }

  /// Every order of `items` that keeps CO.
  func linearExtensions(_ items: [Int], _ body: ([Int]) -> Bool) -> Bool {
    var chosen: [Int] = []
    var used = Set<Int>()
    func extend() -> Bool {
      if chosen.count == items.count { return body(chosen) }
      for i in items where !used.contains(i) && items.allSatisfy({ used.contains($0) || !before($0, i) }) {
        used.insert(i); chosen.append(i)
        if extend() { return true }
        used.remove(i); chosen.removeLast()
      }
      return false
    }
    return extend()
  }

  /// Whether, in `order`, every read returns the last write of its key placed before it.
  func readsValid(_ order: [Int], reads: Set<Int>) -> Bool {
    var last: [Value: Int] = [:]
    for i in order {
      let op = history.ops[i]
      if op.isWrite { last[op.key] = i; continue }
      guard reads.contains(i) else { continue }
      if op.readsFrom != last[op.key] { return false }
      if op.readsFrom == nil && op.value != history.initial { return false }
    }
    return true
  }

  var isCC: Bool {
    history.ops.indices.filter { !history.ops[$0].isWrite }.allSatisfy { r in
      let items = history.ops.indices.filter { history.ops[$0].isWrite && before($0, r) } + [r]
      return linearExtensions(items) { readsValid($0, reads: [r]) }
    }
  }

  var isCCv: Bool {
    let writes = history.ops.indices.filter { history.ops[$0].isWrite }
    let reads = history.ops.indices.filter { !history.ops[$0].isWrite }
    return linearExtensions(writes) { arbitration in
      reads.allSatisfy { r in
        // The read sees the arbitration order restricted to its causal past.
        let visible = arbitration.filter { before($0, r) } + [r]
        return readsValid(visible, reads: [r])
      }
    }
  }

  var isCM: Bool {
    history.sessions.allSatisfy { session in
      guard let last = session.last else { return true }
      let writes = history.ops.indices.filter { history.ops[$0].isWrite && ($0 == last || before($0, last)) }
      let items = Array(Set(writes + session))
      return linearExtensions(items) { readsValid($0, reads: Set(session)) }
    }
  }
}
