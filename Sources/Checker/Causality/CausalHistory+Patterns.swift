/// The bad patterns of causal consistency, found with per-session causal vectors.
extension CausalHistory {
  typealias Violation = CausalConsistencyChecker.Violation

  func findViolations() -> CausalConsistencyChecker.Result {
    var violations: [Violation] = []
    func name(_ i: Int) -> String {
      let op = ops[i]
      return "op \(op.id) (\(op.isWrite ? "write" : "read") \(op.key == .null ? "" : "\(op.key) ")\(op.value))"
    }
    // ThinAirRead: a value nobody wrote.
    if let r = ops.indices.first(where: { !ops[$0].isWrite && ops[$0].value != initial && ops[$0].readsFrom == nil }) {
      violations.append(Violation(pattern: .thinAirRead, operations: [ops[r].id], explanation: "\(name(r)) returns a value no operation wrote"))
    }
    // CO = (PO ∪ WR)+ must be acyclic.
    let edges = sessionAndReadsFromEdges()
    guard let co = causalOrder() else {
      let cycle = findCycle(edges)
      violations.append(Violation(
        pattern: .cyclicCO, operations: cycle.map { ops[$0].id },
        explanation: "session order and reads-from form a cycle: " + cycle.map(name).joined(separator: " → ")))
      return .init(cc: false, ccv: false, cm: false, notApplicable: nil, violations: violations)
    }
    let vector = co.vector
    let k = sessions.count
    /// a is causally before b (strictly).
    func causallyBefore(_ a: Int, _ b: Int) -> Bool { a != b && Int32(ops[a].position) <= vector[b][ops[a].session] }
    /// The last write of `key` in session `s` that is causally before or equal to op `i`.
    func lastWrite(of key: Value, in s: Int, before i: Int) -> Int? {
      guard let writes = writesOfKeyInSession[key]?[s], !writes.isEmpty else { return nil }
      let limit = vector[i][s]
      var lo = 0, hi = writes.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if Int32(ops[writes[mid]].position) <= limit { lo = mid + 1 } else { hi = mid }
      }
      return lo == 0 ? nil : writes[lo - 1]
    }
    var initRead: Violation?, coRead: Violation?
    var conflicts = edges
    for (r, op) in ops.enumerated() where !op.isWrite {
      for s in 0..<k {
        guard let w = lastWrite(of: op.key, in: s, before: r), w != r else { continue }
        if op.value == initial {
          // WriteCOInitRead: a write of the key is causally before a read of the initial value.
          if initRead == nil, let first = writesOfKeyInSession[op.key]?[s].first, causallyBefore(first, r) {
            initRead = Violation(
              pattern: .writeCOInitRead, operations: [ops[first].id, op.id],
              explanation: "\(name(r)) returns the initial value although \(name(first)) is causally before it")
          }
          continue
        }
        guard let source = op.readsFrom, w != source else { continue }
        // WriteCORead: source → w → r causally, yet r returns the source's value.
        if coRead == nil && causallyBefore(source, w) {
          coRead = Violation(
            pattern: .writeCORead, operations: [ops[source].id, ops[w].id, op.id],
            explanation: "\(name(r)) returns \(name(source))'s value although \(name(w)) overwrote it causally before the read")
        }
        // The conflict order: w must be arbitrated before the write r read from.
        conflicts[w].append(source)
      }
    }
    violations += [initRead, coRead].compactMap { $0 }
    let cc = violations.isEmpty
    var ccv = cc
    if topologicalOrder(conflicts) == nil {
      ccv = false
      let cycle = findCycle(conflicts)
      violations.append(Violation(
        pattern: .cyclicCF, operations: cycle.map { ops[$0].id },
        explanation: "no order of the writes fits what the reads saw: " + cycle.map(name).joined(separator: " → ")))
    }
    return .init(cc: cc, ccv: ccv, cm: nil, notApplicable: nil, violations: violations)
  }

  /// Kahn's algorithm; nil when the graph has a cycle.
  func topologicalOrder(_ edges: [[Int]]) -> [Int]? {
    var indegree = Array(repeating: 0, count: edges.count)
    for targets in edges { for t in targets { indegree[t] += 1 } }
    var ready = edges.indices.filter { indegree[$0] == 0 }
    var order: [Int] = []
    order.reserveCapacity(edges.count)
    while let node = ready.popLast() {
      order.append(node)
      for t in edges[node] {
        indegree[t] -= 1
        if indegree[t] == 0 { ready.append(t) }
      }
    }
    return order.count == edges.count ? order : nil
  }

  /// One cycle of a cyclic graph, found by depth-first search.
  func findCycle(_ edges: [[Int]]) -> [Int] {
    var color = Array(repeating: 0, count: edges.count)  // 0 new, 1 on the path, 2 done
    var parent = Array(repeating: -1, count: edges.count)
    for start in edges.indices where color[start] == 0 {
      var stack: [(node: Int, next: Int)] = [(start, 0)]
      color[start] = 1
      while let (node, next) = stack.last {
        if next < edges[node].count {
          stack[stack.count - 1].next += 1
          let t = edges[node][next]
          if color[t] == 0 {
            color[t] = 1
            parent[t] = node
            stack.append((t, 0))
          } else if color[t] == 1 {
            var cycle = [t]
            var n = node
            while n != t && n >= 0 { cycle.append(n); n = parent[n] }
            return cycle.reversed()
          }
        } else {
          color[node] = 2
          stack.removeLast()
        }
      }
    }
    return []
  }
}
