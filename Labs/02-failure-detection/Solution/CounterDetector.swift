import Simulation

/// The "no timeout" detector (heartbeat counters, after Aguilera, Chen and Toueg 1997): every
/// `period` each node sends a heartbeat to every neighbour, and each node keeps, per neighbour, a
/// count of the heartbeats it has received from it. The counters are the detector's output, shown
/// without interpretation: a live neighbour's counter grows without bound, however slow its links,
/// and a crashed one's stops. No deadline and no clock reading is involved.
///
/// In the course's version a node also passes what it received on to its other neighbours, so that
/// counters reach nodes with no direct link. In this lab every pair of nodes is linked, so every node
/// hears every other one directly, and this relay step is left out.
///
/// To give the harness suspicions, `suspicions` interprets the counters *relative to the progress of
/// the others*, never against a clock: a peer is suspected when its counter has not grown while the
/// observer received, on average, `lag` heartbeats from each other unsuspected peer. A peer's
/// heartbeat ends the suspicion. An observer that hears no one (cut off, or paused) sees no progress
/// at all, and so suspects no one.
public struct CounterDetector: FailureDetector {
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
    /// Time to send heartbeats, and to interpret the counters.
    case beat

    public var description: String { "beat" }
  }

  // MARK: - Configuration

  /// Every other node (all of them neighbours), sorted.
  public let peers: [NodeID]
  /// How often heartbeats go out (and the counters are interpreted).
  public let period: Duration
  /// How many heartbeats, per other unsuspected peer on average, a silent peer may fall behind before it is suspected.
  public let lag: Int

  // MARK: - State

  public private(set) var record = DetectorRecord()
  /// The detector's raw output: how many heartbeats this node received from each peer.
  public private(set) var counters: [NodeID: Int] = [:]
  /// Heartbeats received from all peers together: the progress of the rest of the system.
  public private(set) var progress = 0
  /// The value of `progress` when each peer's counter last grew.
  private var progressAtLastBeat: [NodeID: Int] = [:]
  private var sequence = 0

  public var isObserver: Bool { true }

  /// Creates a node that exchanges heartbeat counters with `peers`; `lag` defaults to three heartbeats.
  public init(peers: [NodeID], period: Duration = .milliseconds(100), lag: Int = 3) {
    self.peers = peers.sorted()
    self.period = period
    self.lag = lag
  }

  // MARK: - Handlers

  public mutating func start(context: inout Context<CounterDetector>) {
    // TODO(lab): part 8. Start every peer's counter at 0, and set the `.beat` timer after
    // `randomPhase(&context.random, within: period)`.
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<CounterDetector>) {
    // TODO(lab): part 8. A heartbeat raises the sender's counter and `progress`, notes the progress
    // at this beat, and ends a suspicion of the sender.
  }

  public mutating func timerFired(_ timer: Timer, context: inout Context<CounterDetector>) {
    // TODO(lab): part 8. Send a heartbeat to every peer (in sorted order); suspect each unsuspected
    // peer whose counter stood still while `progress` grew by `lag` times the other unsuspected
    // peers; set the timer again. The tests observe `counters` and `record`.
  }
}
