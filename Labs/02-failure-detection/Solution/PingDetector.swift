import Simulation

/// The simple ping detector: every `period` each node pings every peer, and suspects a peer that
/// has left a ping unanswered for `suspectAfter` (T_suspect). An ack from a suspected peer ends the
/// suspicion. Each node sends N − 1 pings per period and answers N − 1: twice the messages of
/// all-to-all heartbeats, but the deadline runs on the pinger's own clock, from its own ping.
public struct PingDetector: FailureDetector {
  public enum Message: Hashable, Sendable, CustomStringConvertible, WireSized {
    /// "Are you alive?", the sender's `sequence`-th round of pings.
    case ping(sequence: Int)
    /// The answer to ping `sequence`.
    case ack(sequence: Int)

    public var description: String {
      switch self {
      case .ping(let s): "ping(\(s))"
      case .ack(let s): "ack(\(s))"
      }
    }

    public var wireSize: Int { messageHeaderBytes + 8 }
  }

  public enum Timer: Hashable, Sendable, CustomStringConvertible {
    /// Time to ping every peer and check the deadlines of earlier pings.
    case round

    public var description: String { "round" }
  }

  // MARK: - Configuration

  /// Every other node, sorted.
  public let peers: [NodeID]
  /// How often a round of pings goes out (and deadlines are checked).
  public let period: Duration
  /// T_suspect: how long a ping may stay unanswered before its target is suspected.
  public let suspectAfter: Duration

  // MARK: - State

  public private(set) var record = DetectorRecord()
  /// The last round of pings sent (rounds are numbered from 1).
  public private(set) var sequence = 0
  /// The local time of ping round 1; round s went out `period · (s − 1)` later.
  private var firstRoundAt: Duration = .zero
  /// The highest round each peer has answered.
  private var answered: [NodeID: Int] = [:]

  public var isObserver: Bool { true }

  /// Creates a node that pings `peers`; T_suspect defaults to three periods.
  public init(peers: [NodeID], period: Duration = .milliseconds(100), suspectAfter: Duration? = nil) {
    self.peers = peers.sorted()
    self.period = period
    self.suspectAfter = suspectAfter ?? period * 3
  }

  /// When ping round `sequence` was sent (rounds go out exactly one period apart).
  func sentAt(_ sequence: Int) -> Duration { firstRoundAt + period * (sequence - 1) }

  // MARK: - Handlers

  public mutating func start(context: inout Context<PingDetector>) {
    // TODO(lab): part 7. Set the `.round` timer, after `randomPhase(&context.random, within: period)`.
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<PingDetector>) {
    // TODO(lab): part 7. Answer a ping with an ack of the same round. An ack of a round not yet
    // answered proves the sender alive: note the round, and end a suspicion of it.
  }

  public mutating func timerFired(_ timer: Timer, context: inout Context<PingDetector>) {
    // TODO(lab): part 7. On the first round note `firstRoundAt`. Then ping every peer (in sorted order),
    // suspect each peer whose oldest unanswered ping went out `suspectAfter` ago or more, and set
    // the timer again. The tests observe `record`: suspicions, and one ping plus one ack per peer per period.
  }
}
