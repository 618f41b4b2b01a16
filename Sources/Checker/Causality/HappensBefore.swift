/// Lamport's happens-before relation over a message trace, with Lamport and vector timestamps for
/// every node event (Lamport 1978; Fidge 1988 and Mattern 1988 for vector clocks).
///
/// Each node event advances its node's clocks; a delivery first takes the entry-wise maximum with
/// the clocks its send carried. Then `a → b` exactly when `vector(a) ≤ vector(b)` entry-wise and
/// they differ, and two events are concurrent when neither is ≤ the other.
public struct HappensBefore: Sendable {
  /// The trace the relation is over.
  public let trace: MessageTrace
  /// For each event (by position in `trace.events`): its Lamport timestamp, or nil for network and
  /// cluster events, which belong to no node.
  public let lamport: [Int?]
  /// For each event: its vector timestamp (indexed like `trace.nodes`), or nil.
  public let vector: [[Int]?]

  /// Computes the timestamps.
  ///
  /// - Throws: `HistoryParseError.badField` for a delivery whose send is missing or comes later.
  public init(_ trace: MessageTrace) throws(HistoryParseError) {
    self.trace = trace
    let nodeIndex = Dictionary(uniqueKeysWithValues: trace.nodes.enumerated().map { ($1, $0) })
    var clocks = Array(repeating: Array(repeating: 0, count: trace.nodes.count), count: trace.nodes.count)
    var lamports = Array(repeating: 0, count: trace.nodes.count)
    var sent: [Int: (lamport: Int, vector: [Int])] = [:]
    var lamport: [Int?] = []
    var vector: [[Int]?] = []
    lamport.reserveCapacity(trace.events.count)
    vector.reserveCapacity(trace.events.count)
    for event in trace.events {
      guard MessageTrace.nodeEventKinds.contains(event.kind), let name = event.node, let n = nodeIndex[name] else {
        lamport.append(nil)
        vector.append(nil)
        continue
      }
      if event.kind == "deliver", let id = event.message {
        guard let stamp = sent[id] else {
          throw .badField(
            file: trace.source, line: event.line, field: "msg", expected: "the ID of a message sent earlier",
            found: String(id))
        }
        for i in clocks[n].indices { clocks[n][i] = max(clocks[n][i], stamp.vector[i]) }
        lamports[n] = max(lamports[n], stamp.lamport)
      }
      clocks[n][n] += 1
      lamports[n] += 1
      if event.kind == "send", let id = event.message { sent[id] = (lamports[n], clocks[n]) }
      lamport.append(lamports[n])
      vector.append(clocks[n])
    }
    self.lamport = lamport
    self.vector = vector
  }

  /// Whether event `a` happened before event `b` (positions in `trace.events`); false for events
  /// without timestamps.
  public func happenedBefore(_ a: Int, _ b: Int) -> Bool {
    guard let va = vector[a], let vb = vector[b], a != b else { return false }
    return zip(va, vb).allSatisfy { $0 <= $1 } && va != vb
  }

  /// Whether neither event happened before the other (both must be node events).
  public func areConcurrent(_ a: Int, _ b: Int) -> Bool {
    vector[a] != nil && vector[b] != nil && a != b && !happenedBefore(a, b) && !happenedBefore(b, a)
  }
}
