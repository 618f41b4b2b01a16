import Simulation

/// Runs two implementations of one deterministic protocol (typically the reference and a
/// learner's) side by side on the same seed and faults, and finds the first event where their
/// traces, or the states the test observes, differ.
///
/// Both runs step one scheduled event at a time. Trace events are compared by time, kind, nodes,
/// message or timer text and detail (message IDs and clocks follow from those). After each step
/// the observed state of every node is compared too, when the caller gives a way to observe it.
///
/// ```swift
/// let divergence = try DifferentialRun(nodes: [1, 2, 3], seed: 7, faults: [.drop(0.1)], duration: .seconds(2),
///   reference: { WarmupReference.ReliableBroadcast(...) }, candidate: { Warmup.ReliableBroadcast(...) }
/// ).firstDivergence()
/// #expect(divergence == nil, "\(divergence!)")
/// ```
public struct DifferentialRun<Reference: Node, Candidate: Node> {
  /// The cluster.
  public var nodes: [NodeID]
  /// The seed both runs use.
  public var seed: UInt64
  /// The faults both runs suffer.
  public var faults: [Nemesis]
  /// How much virtual time to compare.
  public var duration: Duration
  /// Builds a reference node.
  public var reference: (NodeID) -> Reference
  /// Builds a node of the implementation under test.
  public var candidate: (NodeID) -> Candidate
  /// What a test observes of a reference node's state, as text (nil: states are not compared).
  public var referenceState: ((Reference) -> String)?
  /// The same observation of a candidate node.
  public var candidateState: ((Candidate) -> String)?

  /// Describes a comparison; nothing runs until `firstDivergence()`.
  public init(
    nodes: [NodeID], seed: UInt64, faults: [Nemesis] = [], duration: Duration,
    reference: @escaping (NodeID) -> Reference, candidate: @escaping (NodeID) -> Candidate,
    referenceState: ((Reference) -> String)? = nil, candidateState: ((Candidate) -> String)? = nil
  ) {
    self.nodes = nodes
    self.seed = seed
    self.faults = faults
    self.duration = duration
    self.reference = reference
    self.candidate = candidate
    self.referenceState = referenceState
    self.candidateState = candidateState
  }

  /// Runs both and returns the first difference, or nil when they agree for the whole duration.
  ///
  /// - Throws: `SimulationConfigurationError` when the cluster or faults are invalid.
  public func firstDivergence() throws -> Divergence? {
    let referenceTrace = TraceLog(), candidateTrace = TraceLog()
    let referenceRun = try Simulator<Reference>(nodes: nodes, seed: seed, faults: faults, trace: referenceTrace, make: reference)
    let candidateRun = try Simulator<Candidate>(nodes: nodes, seed: seed, faults: faults, trace: candidateTrace, make: candidate)
    var compared = 0
    while true {
      let referenceMoves = referenceRun.nextEventTime.map { $0 <= duration } ?? false
      let candidateMoves = candidateRun.nextEventTime.map { $0 <= duration } ?? false
      if referenceMoves { _ = referenceRun.step() }
      if candidateMoves { _ = candidateRun.step() }
      let reference = referenceTrace.events, candidate = candidateTrace.events
      while compared < min(reference.count, candidate.count) {
        if TraceEventKey(reference[compared]) != TraceEventKey(candidate[compared]) {
          return Divergence(
            index: compared, time: reference[compared].time.sinceStart, aspect: "event",
            reference: Self.describe(reference[compared]), candidate: Self.describe(candidate[compared]),
            before: reference[max(0, compared - 3)..<compared].map(Self.describe))
        }
        compared += 1
      }
      let isFinished = !referenceMoves && !candidateMoves
      if isFinished && reference.count != candidate.count {
        let longer = reference.count > candidate.count ? reference : candidate
        return Divergence(
          index: compared, time: longer[compared].time.sinceStart, aspect: "event",
          reference: reference.count > compared ? Self.describe(reference[compared]) : nil,
          candidate: candidate.count > compared ? Self.describe(candidate[compared]) : nil,
          before: longer[max(0, compared - 3)..<compared].map(Self.describe))
      }
      if let referenceState, let candidateState, reference.count == candidate.count {
        for id in nodes {
          let expected = referenceRun.node(id).map(referenceState), actual = candidateRun.node(id).map(candidateState)
          if expected != actual {
            return Divergence(
              index: max(0, compared - 1), time: referenceRun.now, aspect: "state of \(id)",
              reference: expected ?? "down", candidate: actual ?? "down",
              before: reference[max(0, compared - 3)..<compared].map(Self.describe))
          }
        }
      }
      if isFinished { return nil }
    }
  }

  /// One trace event as a line: `12ms n2 send → n1 ack(sequence: 0)`.
  static func describe(_ event: TraceEvent) -> String {
    var words = [event.time.description, event.node.map(\.description) ?? "-", event.kind.rawValue]
    if let peer = event.peer { words.append((event.kind == .deliver ? "← " : "→ ") + peer.description) }
    if let summary = event.summary { words.append(summary) }
    if let detail = event.detail { words.append("(\(detail))") }
    return words.joined(separator: " ")
  }
}

/// What two trace events must share to count as the same event.
private struct TraceEventKey: Equatable {
  let time: VirtualTime, kind: TraceEvent.Kind, node: NodeID?, peer: NodeID?, summary: String?, detail: String?

  init(_ event: TraceEvent) {
    (time, kind, node, peer, summary, detail) = (event.time, event.kind, event.node, event.peer, event.summary, event.detail)
  }
}

/// The first place where two implementations behaved differently.
public struct Divergence: Hashable, Sendable, CustomStringConvertible {
  /// The trace position (from 0) of the first differing event, or of the last event before a state differed.
  public var index: Int
  /// The virtual time of that event.
  public var time: Duration
  /// What differs: `event`, or `state of n2`.
  public var aspect: String
  /// What the reference did there (nil: its trace had ended).
  public var reference: String?
  /// What the implementation under test did there (nil: its trace had ended).
  public var candidate: String?
  /// Up to three events both did just before, for context.
  public var before: [String]

  public var description: String {
    var lines = ["first divergence at trace event \(index) (\(time.compactDescription)), in the \(aspect):"]
    lines += before.map { "    both:      \($0)" }
    lines.append("    reference: \(reference ?? "(trace ended)")")
    lines.append("    yours:     \(candidate ?? "(trace ended)")")
    return lines.joined(separator: "\n")
  }
}
