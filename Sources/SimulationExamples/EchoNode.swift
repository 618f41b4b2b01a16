import Simulation

/// Ping/echo: a pinger keeps `window` pings in flight to its peer, and the peer echoes each one.
///
/// The simplest protocol that exercises the network; the simulation benchmark's echo workload.
public struct EchoNode: Node {
  public enum Message: Hashable, Sendable, CustomStringConvertible {
    case ping(sequence: Int)
    case pong(sequence: Int)

    // A hand-written description keeps tracing fast: the default one goes through reflection.
    public var description: String {
      switch self {
      case .ping(let sequence): "ping(sequence: \(sequence))"
      case .pong(let sequence): "pong(sequence: \(sequence))"
      }
    }
  }

  /// The node this one pings, or nil for a node that only echoes.
  public let peer: NodeID?
  /// How many pings the pinger keeps in flight.
  public let window: Int
  /// Pongs received so far.
  public private(set) var pongs = 0
  /// The next ping's sequence number.
  private var nextSequence = 0

  /// Creates a pinger (with a peer) or an echoer (without).
  public init(peer: NodeID?, window: Int = 1) {
    self.peer = peer
    self.window = window
  }

  public mutating func start(context: inout Context<EchoNode>) {
    guard let peer else { return }
    for _ in 0..<window { sendPing(to: peer, context: &context) }
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<EchoNode>) {
    switch message {
    case .ping(let sequence):
      context.send(.pong(sequence: sequence), to: sender)
    case .pong:
      pongs += 1
      sendPing(to: sender, context: &context)
    }
  }

  private mutating func sendPing(to peer: NodeID, context: inout Context<EchoNode>) {
    context.send(.ping(sequence: nextSequence), to: peer)
    nextSequence += 1
  }
}
