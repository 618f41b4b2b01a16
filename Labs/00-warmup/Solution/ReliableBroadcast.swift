// Lab 00 (warmup): your workspace. Write your reliable broadcast here; the graded suite
// Tests/WarmupTests runs against this file when DISTLAB_SOLUTION=Warmup is set.
//
// This workspace ships filled in, with one deliberate mistake, as the demo of grading: grade it
// (`swift run distlab grade warmup --impl solution`), replay the failing seed, find the mistake and
// fix it. Labs/00-warmup/README.md walks through it. In the other labs this file starts as stubs
// that compile, with the parts to write marked `// TODO(lab):`.

import Simulation

/// Reliable broadcast over a network that loses, duplicates and reorders messages: every node
/// broadcasts its own values, and every other node delivers each of them exactly once, in the order
/// its origin sent them.
///
/// A value travels as `.data(sequence:value:)`, numbered from 0 by its origin. A receiver answers
/// every copy it gets with `.ack(sequence:)`, delivers a value the first time it is next in line,
/// and holds back values that arrive ahead of a gap. The origin retransmits a value every
/// `retransmitInterval` to the peers that have not acknowledged it, and stops once all have.
///
/// ```swift
/// let sim = try Simulator<ReliableBroadcast>(nodes: [1, 2, 3], seed: 7, faults: [.drop(0.1)]) { id in
///   ReliableBroadcast(peers: [1, 2, 3].filter { $0 != id }, values: [id.rawValue * 10])
/// }
/// sim.run(for: .seconds(5))   // then sim.node(2)!.delivered(from: 1) == [10]
/// ```
public struct ReliableBroadcast: Node {
  public enum Message: Hashable, Sendable, CustomStringConvertible {
    /// The origin's value number `sequence`.
    case data(sequence: Int, value: Int)
    /// The receiver has the origin's value number `sequence`.
    case ack(sequence: Int)

    public var description: String {
      switch self {
      case .data(let sequence, let value): "data(sequence: \(sequence), value: \(value))"
      case .ack(let sequence): "ack(sequence: \(sequence))"
      }
    }
  }

  public enum Timer: Hashable, Sendable, CustomStringConvertible {
    /// Time to resend value number `sequence` to the peers that have not acknowledged it.
    case retransmit(sequence: Int)

    public var description: String {
      switch self {
      case .retransmit(let sequence): "retransmit(sequence: \(sequence))"
      }
    }
  }

  // MARK: - State

  /// Every other node, sorted (send order is part of the trace).
  public let peers: [NodeID]
  /// The values this node broadcasts, in order; value `i` has sequence number `i`.
  public let values: [Int]
  /// How long the origin waits for acknowledgements before it sends a value again.
  public let retransmitInterval: Duration
  /// For each of this node's sequence numbers still being sent, the peers that have not acknowledged it.
  public private(set) var unacknowledged: [Int: Set<NodeID>] = [:]
  /// Per origin, the values delivered so far, in delivery order.
  private var deliveries: [NodeID: [Int]] = [:]
  /// Per origin, values that arrived ahead of a gap, by sequence number.
  private var heldBack: [NodeID: [Int: Int]] = [:]

  /// Creates a node that broadcasts `values` to `peers`.
  public init(peers: [NodeID], values: [Int], retransmitInterval: Duration = .milliseconds(50)) {
    self.peers = peers.sorted()
    self.values = values
    self.retransmitInterval = retransmitInterval
  }

  // MARK: - Handlers

  public mutating func start(context: inout Context<ReliableBroadcast>) {
    // Part 1: send every value to every peer, and remember who still has to acknowledge it.
    for (sequence, value) in values.enumerated() {
      context.broadcast(.data(sequence: sequence, value: value), to: peers)
      unacknowledged[sequence] = Set(peers)
      context.setTimer(.retransmit(sequence: sequence), after: retransmitInterval)
    }
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<ReliableBroadcast>) {
    switch message {
    case .data(let sequence, let value):
      // Part 2: a copy of a value this node already has needs no more work.
      guard isNew(sequence: sequence, from: sender) else { return }
      // Part 3: tell the origin the value arrived.
      context.send(.ack(sequence: sequence), to: sender)
      accept(sequence: sequence, value: value, from: sender)
    case .ack(let sequence):
      unacknowledged[sequence]?.remove(sender)
      if unacknowledged[sequence]?.isEmpty == true { unacknowledged[sequence] = nil }
    }
  }

  // MARK: - Timers

  public mutating func timerFired(_ timer: Timer, context: inout Context<ReliableBroadcast>) {
    switch timer {
    case .retransmit(let sequence):
      // Part 3: resend to the peers that are still missing; a settled value's timer is stale.
      guard let missing = unacknowledged[sequence]?.sorted(), !missing.isEmpty else { return }
      context.broadcast(.data(sequence: sequence, value: values[sequence]), to: missing)
      context.setTimer(.retransmit(sequence: sequence), after: retransmitInterval)
    }
  }

  /// Whether the value numbered `sequence` from `origin` is neither delivered nor held back yet.
  private func isNew(sequence: Int, from origin: NodeID) -> Bool {
    sequence >= deliveries[origin, default: []].count && heldBack[origin]?[sequence] == nil
  }

  /// Part 2 and 4: delivers a value once, in its origin's order, holding back early arrivals.
  private mutating func accept(sequence: Int, value: Int, from origin: NodeID) {
    let next = deliveries[origin, default: []].count
    guard sequence >= next else { return }  // a copy of a value already delivered
    heldBack[origin, default: [:]][sequence] = value
    while let ready = heldBack[origin]?.removeValue(forKey: deliveries[origin, default: []].count) {
      deliveries[origin, default: []].append(ready)
    }
  }

  // MARK: - Observation

  /// The values delivered from `origin`, in delivery order.
  public func delivered(from origin: NodeID) -> [Int] { deliveries[origin] ?? [] }

  /// Whether every peer has acknowledged every value this node broadcasts (so it sends nothing more).
  public var isSettled: Bool { unacknowledged.isEmpty }
}
