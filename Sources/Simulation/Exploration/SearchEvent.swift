/// A message on the explorer's network: who sent it, to whom, and what.
public struct Envelope<Message: Hashable & Sendable>: Hashable, Sendable, CustomStringConvertible {
  /// The sender.
  public let from: NodeID
  /// The destination.
  public let to: NodeID
  /// The payload.
  public let message: Message
  /// The hash of the three fields, computed once: the network's multiset hash adds these up, and
  /// comparisons of different envelopes usually stop at it.
  let fingerprint: Int

  /// Creates an envelope.
  public init(from: NodeID, to: NodeID, message: Message) {
    self.from = from
    self.to = to
    self.message = message
    var hasher = Hasher()
    hasher.combine(from)
    hasher.combine(to)
    hasher.combine(message)
    fingerprint = hasher.finalize()
  }

  public static func == (lhs: Envelope, rhs: Envelope) -> Bool {
    lhs.fingerprint == rhs.fingerprint && lhs.from == rhs.from && lhs.to == rhs.to && lhs.message == rhs.message
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(fingerprint) }

  public var description: String { "\(from)->\(to) \(message)" }
}

/// One step the exploration executor can take from a state: a delivery, a timer, or a bounded fault.
///
/// A sequence of these from the initial state is a counterexample: `Simulator.replay(_:)` runs it
/// on the ordinary simulator, which records a trace the diagrams draw.
public enum SearchEvent<N: Node>: Hashable, Sendable, CustomStringConvertible {
  /// The network hands one copy of the message to its destination (lost if the destination is down).
  case deliver(Envelope<N.Message>)
  /// A pending timer fires at its node.
  case fire(NodeID, N.Timer)
  /// The network loses one copy of the message.
  case drop(Envelope<N.Message>)
  /// The network makes one more copy of the message.
  case duplicate(Envelope<N.Message>)
  /// The node crashes: its volatile state and timers are lost, its storage is kept.
  case crash(NodeID)
  /// A crashed node boots again from its storage.
  case restart(NodeID)

  public var description: String {
    switch self {
    case .deliver(let envelope): "deliver \(envelope)"
    case .fire(let node, let timer): "timer \(timer) fires at \(node)"
    case .drop(let envelope): "drop \(envelope)"
    case .duplicate(let envelope): "duplicate \(envelope)"
    case .crash(let node): "crash \(node)"
    case .restart(let node): "restart \(node)"
    }
  }

  /// The node whose state the event changes, if any (drops and duplicates change only the network).
  public var node: NodeID? {
    switch self {
    case .deliver(let envelope): envelope.to
    case .fire(let node, _), .crash(let node), .restart(let node): node
    case .drop, .duplicate: nil
    }
  }
}
