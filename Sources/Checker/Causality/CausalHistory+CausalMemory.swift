/// Causal memory (Ahamad et al., "Causal memory: definitions, implementation, and programming",
/// Distributed Computing 1995), by its bad patterns from Bouajjani et al. (POPL 2017).
///
/// For an operation o, HB_o is the smallest transitive relation that contains the causal order on
/// o's causal past and, whenever a read r in o's session (up to o) returns w2's value while another
/// write w1 of that key is HB_o-before r, orders w1 before w2. A history is CM when it is CC and no
/// HB_o has a cycle (CyclicHB) or puts a write of a key before a read of that key's initial value in
/// o's session (WriteHBInitRead). HB_o only grows along a session, so checking each session's last
/// operation is enough. The fixpoint costs O(n²) per round, so histories above `limit` operations
/// are not checked.
extension CausalHistory {
  /// The first CM-specific violation, or nil; `order` must be the (acyclic) causal order.
  func causalMemoryViolation(_ co: CausalOrder) -> CausalConsistencyChecker.Violation? {
    func name(_ i: Int) -> String {
      "op \(ops[i].id) (\(ops[i].isWrite ? "write" : "read") \(ops[i].key == .null ? "" : "\(ops[i].key) ")\(ops[i].value))"
    }
    for session in sessions {
      guard let last = session.last else { continue }
      // o's causal past: everything causally before or equal to the session's last operation.
      let past = ops.indices.filter { Int32(ops[$0].position) <= co.vector[last][ops[$0].session] }
      let inPast = Set(past)
      var edges: [Int: Set<Int>] = [:]
      var reverse: [Int: Set<Int>] = [:]
      func link(_ a: Int, _ b: Int) -> Bool {
        guard edges[a, default: []].insert(b).inserted else { return false }
        reverse[b, default: []].insert(a)
        return true
      }
      for s in sessions { for (a, b) in zip(s, s.dropFirst()) where inPast.contains(b) { _ = link(a, b) } }
      for r in past { if let w = ops[r].readsFrom, inPast.contains(w) { _ = link(w, r) } }
      /// Writes of `key` that reach `target` backwards through the current edges.
      func writesBefore(_ target: Int, key: Value) -> [Int] {
        var seen: Set<Int> = [target]
        var frontier = [target]
        var found: [Int] = []
        while let node = frontier.popLast() {
          for p in reverse[node] ?? [] where seen.insert(p).inserted {
            frontier.append(p)
            if ops[p].isWrite && ops[p].key == key { found.append(p) }
          }
        }
        return found.sorted()
      }
      let sessionReads = session.filter { !ops[$0].isWrite }
      var changed = true
      while changed {
        changed = false
        for r in sessionReads {
          guard let w2 = ops[r].readsFrom else { continue }
          for w1 in writesBefore(r, key: ops[r].key) where w1 != w2 {
            if link(w1, w2) { changed = true }
          }
        }
      }
      for r in sessionReads where ops[r].readsFrom == nil && ops[r].value == initial {
        if let w = writesBefore(r, key: ops[r].key).first {
          return .init(
            pattern: .writeHBInitRead, operations: [ops[w].id, ops[r].id],
            explanation: "\(name(r)) returns the initial value although \(name(w)) happens before it in the view of \(name(last))'s session")
        }
      }
      var adjacency = Array(repeating: [Int](), count: ops.count)
      for (a, targets) in edges { adjacency[a] = targets.sorted() }
      if topologicalOrder(adjacency) == nil {
        let cycle = findCycle(adjacency)
        return .init(
          pattern: .cyclicHB, operations: cycle.map { ops[$0].id },
          explanation: "the writes seen by \(name(last))'s session cannot be ordered: " + cycle.map(name).joined(separator: " → "))
      }
    }
    return nil
  }
}
