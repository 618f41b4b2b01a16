import Simulation

/// All-to-all heartbeats: every `period` each node sends a heartbeat to every peer, and suspects a
/// peer it has not heard from for longer than `suspectAfter` (T_suspect). A heartbeat from a
/// suspected peer ends the suspicion. Load per node is N − 1 messages per period: O(N²) in all.
///
/// Two variants are options of this node:
/// - **FALCON-style fencing** (`killOnSuspect`): a node that suspects a peer sends it `.kill`, and a
///   node that receives one halts for good. A suspicion then makes itself true: whoever is
///   suspected stops, so the others soon suspect it too and never see it come back.
/// - **Panorama-style passive evidence** (`passiveEvidence`): application messages
///   (`applicationInterval`) count as evidence of life, and a node skips the heartbeat to a peer it
///   sent an application message to within the last period.
public struct HeartbeatAllToAll: FailureDetector {
  public enum Message: Hashable, Sendable, CustomStringConvertible, WireSized {
    /// "I am alive", the sender's `sequence`-th beat.
    case heartbeat(sequence: Int)
    /// FALCON-style fencing: the sender suspects the receiver, which must halt.
    case kill
    /// Application traffic (a stand-in for a real protocol's messages).
    case application(sequence: Int)

    public var description: String {
      switch self {
      case .heartbeat(let s): "heartbeat(\(s))"
      case .kill: "kill"
      case .application(let s): "application(\(s))"
      }
    }

    public var wireSize: Int {
      switch self {
      case .heartbeat, .application: messageHeaderBytes + 8
      case .kill: messageHeaderBytes
      }
    }
  }

  public enum Timer: Hashable, Sendable, CustomStringConvertible {
    /// Time to send heartbeats and check deadlines.
    case beat
    /// Time to send the next round of application messages.
    case application

    public var description: String {
      switch self {
      case .beat: "beat"
      case .application: "application"
      }
    }
  }

  // MARK: - Configuration

  /// Every other node, sorted.
  public let peers: [NodeID]
  /// How often heartbeats go out (and deadlines are checked).
  public let period: Duration
  /// T_suspect: how long a peer may stay silent before it is suspected.
  public let suspectAfter: Duration
  /// FALCON-style: send `.kill` to every node this node begins to suspect.
  public let killOnSuspect: Bool
  /// Panorama-style: count application messages as evidence, and skip redundant heartbeats.
  public let passiveEvidence: Bool
  /// When set, the node sends an application message to every peer this often.
  public let applicationInterval: Duration?

  // MARK: - State

  public private(set) var record = DetectorRecord()
  /// Whether this node received `.kill` and stopped (FALCON-style fencing).
  public private(set) var halted = false
  /// Heartbeat messages sent (application messages not included).
  public private(set) var heartbeatsSent = 0
  /// When each peer was last heard from.
  private var lastHeard: [NodeID: Duration] = [:]
  /// When this node last sent each peer an application message.
  private var lastApplicationSent: [NodeID: Duration] = [:]
  private var sequence = 0

  public var isObserver: Bool { !halted }

  /// Creates a node that heartbeats to `peers`; T_suspect defaults to three periods.
  public init(
    peers: [NodeID], period: Duration = .milliseconds(100), suspectAfter: Duration? = nil,
    killOnSuspect: Bool = false, passiveEvidence: Bool = false, applicationInterval: Duration? = nil
  ) {
    self.peers = peers.sorted()
    self.period = period
    self.suspectAfter = suspectAfter ?? period * 3
    self.killOnSuspect = killOnSuspect
    self.passiveEvidence = passiveEvidence
    self.applicationInterval = applicationInterval
  }

  // MARK: - Handlers

  public mutating func start(context: inout Context<HeartbeatAllToAll>) {
    for peer in peers { lastHeard[peer] = context.now }
    // A random phase, so that the nodes do not all beat at the same instant.
    context.setTimer(.beat, after: randomPhase(&context.random, within: period))
    if let applicationInterval {
      context.setTimer(.application, after: randomPhase(&context.random, within: applicationInterval))
    }
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<HeartbeatAllToAll>) {
    guard !halted else { return }
    switch message {
    case .heartbeat:
      heard(from: sender, context: &context)
    case .application:
      if passiveEvidence { heard(from: sender, context: &context) }
    case .kill:
      halted = true
      context.log("halt: killed by \(sender)")
    }
  }

  public mutating func timerFired(_ timer: Timer, context: inout Context<HeartbeatAllToAll>) {
    guard !halted else { return }
    switch timer {
    case .beat:
      sequence += 1
      for peer in peers {
        if passiveEvidence, let sent = lastApplicationSent[peer], context.now - sent < period { continue }
        heartbeatsSent += 1
        record.send(.heartbeat(sequence: sequence), to: peer, context: &context)
      }
      for peer in peers where context.now - (lastHeard[peer] ?? .zero) > suspectAfter && !record.suspects(peer) {
        record.suspect(peer, context: &context)
        if killOnSuspect { record.send(.kill, to: peer, context: &context) }
      }
      context.setTimer(.beat, after: period)
    case .application:
      for peer in peers {
        lastApplicationSent[peer] = context.now
        record.send(.application(sequence: sequence), to: peer, context: &context)
      }
      if let applicationInterval { context.setTimer(.application, after: applicationInterval) }
    }
  }

  private mutating func heard(from peer: NodeID, context: inout Context<HeartbeatAllToAll>) {
    lastHeard[peer] = context.now
    record.clear(peer, context: &context)
  }
}

/// A uniformly random delay in [0, `bound`), drawn from the node's seeded generator.
func randomPhase(_ random: inout SimulationRandom, within bound: Duration) -> Duration {
  let nanoseconds = max(1, Int(bound.nanosecondCount))
  return .nanoseconds(Int64(random.index(below: nanoseconds)))
}
