import Simulation

/// All-to-one heartbeats: every node except the `monitor` sends it a heartbeat every `period`,
/// and the monitor suspects a node it has not heard from for longer than `suspectAfter`. Only the
/// monitor observes; it is a single point of failure and takes the whole load (N − 1 messages per
/// period), while every other node sends one message per period.
public struct HeartbeatMonitor: FailureDetector {
  public enum Message: Hashable, Sendable, CustomStringConvertible, WireSized {
    /// "I am alive", the sender's `sequence`-th beat.
    case heartbeat(sequence: Int)

    public var description: String {
      switch self {
      case .heartbeat(let s): "heartbeat(\(s))"
      }
    }

    public var wireSize: Int { messageHeaderBytes + 8 }
  }

  public enum Timer: Hashable, Sendable, CustomStringConvertible {
    /// A member's time to beat; the monitor's time to check deadlines.
    case tick

    public var description: String { "tick" }
  }

  /// This node.
  public let id: NodeID
  /// The node every heartbeat goes to.
  public let monitor: NodeID
  /// Every other node, sorted.
  public let peers: [NodeID]
  /// How often members beat (and the monitor checks).
  public let period: Duration
  /// T_suspect: how long a member may stay silent before the monitor suspects it.
  public let suspectAfter: Duration

  public private(set) var record = DetectorRecord()
  /// On the monitor, when each member was last heard from.
  private var lastHeard: [NodeID: Duration] = [:]
  private var sequence = 0

  public var isObserver: Bool { id == monitor }

  /// Creates node `id` of a cluster watched by `monitor`; T_suspect defaults to three periods.
  public init(id: NodeID, monitor: NodeID, peers: [NodeID], period: Duration = .milliseconds(100), suspectAfter: Duration? = nil) {
    self.id = id
    self.monitor = monitor
    self.peers = peers.sorted()
    self.period = period
    self.suspectAfter = suspectAfter ?? period * 3
  }

  public mutating func start(context: inout Context<HeartbeatMonitor>) {
    if isObserver { for peer in peers { lastHeard[peer] = context.now } }
    context.setTimer(.tick, after: randomPhase(&context.random, within: period))
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<HeartbeatMonitor>) {
    guard isObserver, case .heartbeat = message else { return }
    lastHeard[sender] = context.now
    record.clear(sender, context: &context)
  }

  public mutating func timerFired(_ timer: Timer, context: inout Context<HeartbeatMonitor>) {
    if isObserver {
      for peer in peers where context.now - (lastHeard[peer] ?? .zero) > suspectAfter {
        record.suspect(peer, context: &context)
      }
    } else {
      sequence += 1
      record.send(.heartbeat(sequence: sequence), to: monitor, context: &context)
    }
    context.setTimer(.tick, after: period)
  }
}
