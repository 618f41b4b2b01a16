/// Checks the four session guarantees of Terry et al. ("Session guarantees for weakly consistent
/// replicated data", PDIS 1994) on differentiated read/write histories, each as a bad pattern with
/// its witness.
///
/// "Older than w" below means: the initial value, or a value written causally before w (session
/// order and reads-from, transitively). With that, for a session s:
/// - read-your-writes: after s writes w to x, no read of x in s returns a value older than w;
/// - monotonic reads: after s reads x from w, no later read of x in s returns a value older than w;
/// - monotonic writes: if s writes w1 then w2, a session that has read w2 never afterwards reads
///   w1's key with a value older than w1;
/// - writes-follow-reads: if s reads x from w1 and then writes w2, a session that has read w2 never
///   afterwards reads x with a value older than w1.
/// Each violation is also a WriteCORead or WriteCOInitRead pattern of causal consistency, so a CC
/// history satisfies all four.
public enum SessionGuarantee: String, CaseIterable, Sendable {
  case readYourWrites = "read-your-writes"
  case monotonicReads = "monotonic-reads"
  case monotonicWrites = "monotonic-writes"
  case writesFollowReads = "writes-follow-reads"
}

/// A session-guarantee violation: the operations (ids) in it and what went wrong.
public struct SessionViolation: Sendable, Hashable, CustomStringConvertible {
  public var guarantee: SessionGuarantee
  public var operations: [Int]
  public var explanation: String
  public var description: String { "\(guarantee.rawValue): \(explanation)" }
}

/// Checks session guarantees.
public struct SessionGuaranteeChecker: Sendable {
  public init() {}

  /// The first violation of each guarantee (none when it holds); nil with a reason when the history
  /// does not fit (not differentiated, cyclic causal order, operations other than reads and writes).
  public func check(_ history: History, initial: Value = .null) -> (violations: [SessionGuarantee: SessionViolation]?, reason: String?) {
    switch CausalHistory.build(history, initial: initial) {
    case .failure(let error): return (nil, error.reason)
    case .success(let causal):
      guard let order = causal.causalOrder() else { return (nil, "session order and reads-from form a cycle") }
      return (causal.sessionViolations(order), nil)
    }
  }
}

extension CausalHistory {
  func sessionViolations(_ co: CausalOrder) -> [SessionGuarantee: SessionViolation] {
    let k = sessions.count
    var found: [SessionGuarantee: SessionViolation] = [:]
    /// Entry j: the last position in session j of an operation strictly causally before op i.
    func strict(_ i: Int) -> [Int32] {
      var v = co.vector[i]
      v[ops[i].session] -= 1
      return v
    }
    /// Whether read r returned a value older than every write whose strict vectors `bound` summarises.
    func isOlder(_ r: Int, than bound: [Int32]) -> Bool {
      guard let source = ops[r].readsFrom else { return ops[r].value == initial }
      return Int32(ops[source].position) <= bound[ops[source].session]
    }
    func name(_ i: Int) -> String {
      "op \(ops[i].id) (\(ops[i].isWrite ? "write" : "read") \(ops[i].key == .null ? "" : "\(ops[i].key) ")\(ops[i].value))"
    }
    func record(_ g: SessionGuarantee, _ members: [Int], _ text: String) {
      if found[g] == nil { found[g] = SessionViolation(guarantee: g, operations: members.map { ops[$0].id }, explanation: text) }
    }
    /// Running entry-wise maximum of strict vectors, remembering which write gave each entry.
    struct Summary {
      var bound: [Int32]
      var witness: [Int]
      /// The write added last: any write is newer than the initial value.
      var latest = -1
      mutating func add(_ v: [Int32], from w: Int) {
        for j in v.indices where v[j] > bound[j] { (bound[j], witness[j]) = (v[j], w) }
        latest = w
      }
    }
    func witness(_ summary: Summary, for r: Int) -> Int {
      ops[r].readsFrom.map { summary.witness[ops[$0].session] } ?? summary.latest
    }
    // Writes-follow-reads needs, per session and key, what the session's reads of that key had seen, as prefixes.
    var readPrefixes: [Value: [[(position: Int, summary: Summary)]]] = [:]
    for (s, session) in sessions.enumerated() {
      for i in session where !ops[i].isWrite {
        guard let source = ops[i].readsFrom else { continue }
        var list = readPrefixes[ops[i].key, default: Array(repeating: [], count: k)]
        var summary = list[s].last?.summary ?? Summary(bound: Array(repeating: -1, count: k), witness: Array(repeating: -1, count: k))
        summary.add(strict(source), from: source)
        list[s].append((ops[i].position, summary))
        readPrefixes[ops[i].key] = list
      }
    }
    for session in sessions {
      var ownLast: [Value: Int] = [:]
      var observed: [Value: Summary] = [:]
      var readUpTo = [Int32](repeating: -1, count: k)  // per session: latest position of a write of it this session read
      for r in session {
        let op = ops[r]
        if op.isWrite {
          ownLast[op.key] = r
          continue
        }
        if let w = ownLast[op.key], isOlder(r, than: strict(w)) {
          record(.readYourWrites, [w, r], "\(name(r)) returns a value older than \(name(w)), which its own session wrote before")
        }
        if let summary = observed[op.key], isOlder(r, than: summary.bound) {
          let w = witness(summary, for: r)
          record(.monotonicReads, [w, r], "\(name(r)) returns a value older than \(name(w)), which its session had read")
        }
        for s in 0..<k where readUpTo[s] >= 0 {
          // Monotonic writes: the last write of this key that session s made before the write we read.
          if let writes = writesOfKeyInSession[op.key]?[s], let w1 = writes.last(where: { Int32(ops[$0].position) < readUpTo[s] }),
            isOlder(r, than: strict(w1))
          {
            let w2 = sessions[s][Int(readUpTo[s])]
            record(.monotonicWrites, [w1, w2, r], "\(name(r)) returns a value older than \(name(w1)), though its session had read \(name(w2)), written after it")
          }
          // Writes follow reads: what session s had read of this key before the write we read.
          if let prefixes = readPrefixes[op.key]?[s], let last = prefixes.last(where: { Int32($0.position) < readUpTo[s] }),
            isOlder(r, than: last.summary.bound)
          {
            let w1 = witness(last.summary, for: r)
            let w2 = sessions[s][Int(readUpTo[s])]
            record(.writesFollowReads, [w1, w2, r], "\(name(r)) returns a value older than \(name(w1)), which the writer of \(name(w2)) had read before writing it")
          }
        }
        if let source = op.readsFrom {
          var summary = observed[op.key] ?? Summary(bound: Array(repeating: -1, count: k), witness: Array(repeating: -1, count: k))
          summary.add(strict(source), from: source)
          observed[op.key] = summary
          readUpTo[ops[source].session] = max(readUpTo[ops[source].session], Int32(ops[source].position))
        }
      }
    }
    return found
  }
}

