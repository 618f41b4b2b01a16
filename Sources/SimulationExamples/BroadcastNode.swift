import Simulation

/// All-to-all rounds: each node broadcasts its round number to every peer, acknowledges every
/// broadcast it receives, and starts its next round once all peers acknowledged the current one.
///
/// A broadcast-heavy workload (2·(N−1) deliveries per node per round), used by the benchmark.
public struct BroadcastNode: Node {
  public enum Message: Hashable, Sendable, CustomStringConvertible {
    case announce(round: Int)
    case acknowledge(round: Int)

    public var description: String {
      switch self {
      case .announce(let round): "announce(round: \(round))"
      case .acknowledge(let round): "acknowledge(round: \(round))"
      }
    }
  }

  /// Every other node, sorted (send order is part of the trace).
  public let peers: [NodeID]
  /// The round this node is collecting acknowledgements for.
  public private(set) var round = 0
  private var acknowledgements = 0

  /// Creates a node that broadcasts to `peers`.
  public init(peers: [NodeID]) { self.peers = peers.sorted() }

  public mutating func start(context: inout Context<BroadcastNode>) {
    context.broadcast(.announce(round: round), to: peers)
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<BroadcastNode>) {
    switch message {
    case .announce(let round):
      context.send(.acknowledge(round: round), to: sender)
    case .acknowledge(let acknowledged) where acknowledged == round:
      acknowledgements += 1
      if acknowledgements == peers.count {
        round += 1
        acknowledgements = 0
        context.broadcast(.announce(round: round), to: peers)
      }
    case .acknowledge:
      break  // an older round's duplicate
    }
  }
}
