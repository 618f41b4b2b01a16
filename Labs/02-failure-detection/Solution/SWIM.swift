import Foundation
import Simulation

/// SWIM (Das, Gupta and Motivala, "SWIM: Scalable Weakly-consistent Infection-style Process Group
/// Membership Protocol", DSN 2002).
///
/// Every protocol `period` a node pings one random member. Without an ack within `pingTimeout` it
/// asks `indirectProbes` (K) random members to ping the target for it (`pingRequest`), and relays
/// answer back. If no ack came, directly or through a relay, by the end of the period, the target
/// becomes *suspect*; a suspect not refuted within `suspicionTimeout` is declared *dead*. A live
/// member that hears it is suspected raises its *incarnation number* and spreads `alive`, which
/// overrides the suspicion. Membership updates are not sent on their own: they ride on pings and
/// acks (infection-style dissemination), each a bounded number of times.
///
/// Load per node: about one ping and one ack per period, plus 3K messages per failed probe, whatever
/// N. The expected time until some member first probes a crashed node is e/(e − 1) periods.
public struct SWIM: FailureDetector {
  public enum Message: Hashable, Sendable, CustomStringConvertible, WireSized {
    /// Are you alive? (probe `probe` of the sender)
    case ping(probe: Int, updates: [SWIMUpdate])
    /// Answer to probe `probe`, from the target or from a relay.
    case ack(probe: Int, updates: [SWIMUpdate])
    /// Please ping `target` for me (my probe `probe`).
    case pingRequest(probe: Int, target: NodeID, updates: [SWIMUpdate])
    /// A relay's ping on behalf of `requester`.
    case indirectPing(probe: Int, requester: NodeID, updates: [SWIMUpdate])
    /// The target's answer to a relay, to pass on to `requester`.
    case indirectAck(probe: Int, requester: NodeID, updates: [SWIMUpdate])

    /// The membership updates piggybacked on the message.
    public var updates: [SWIMUpdate] {
      switch self {
      case .ping(_, let u), .ack(_, let u), .pingRequest(_, _, let u), .indirectPing(_, _, let u), .indirectAck(_, _, let u): u
      }
    }

    public var description: String {
      let piggyback = updates.isEmpty ? "" : " +[" + updates.map(\.description).joined(separator: ", ") + "]"
      return switch self {
      case .ping(let p, _): "ping(\(p))\(piggyback)"
      case .ack(let p, _): "ack(\(p))\(piggyback)"
      case .pingRequest(let p, let t, _): "ping-req(\(p), \(t))\(piggyback)"
      case .indirectPing(let p, let r, _): "indirect-ping(\(p), for \(r))\(piggyback)"
      case .indirectAck(let p, let r, _): "indirect-ack(\(p), for \(r))\(piggyback)"
      }
    }

    public var wireSize: Int {
      switch self {
      case .ping, .ack: messageHeaderBytes + 8 + SWIMUpdate.wireSize * updates.count
      default: messageHeaderBytes + 12 + SWIMUpdate.wireSize * updates.count
      }
    }
  }

  public enum Timer: Hashable, Sendable, CustomStringConvertible {
    /// The start of a protocol period.
    case period
    /// The direct ping of probe `probe` went unanswered: time for indirect probes.
    case pingTimeout(probe: Int)
    /// The suspicion of `node` at `incarnation` has not been refuted: declare it dead.
    case suspicionTimeout(node: NodeID, incarnation: Int)

    public var description: String {
      switch self {
      case .period: "period"
      case .pingTimeout(let p): "ping-timeout(\(p))"
      case .suspicionTimeout(let n, let i): "suspicion-timeout(\(n)#\(i))"
      }
    }
  }

  // MARK: - Configuration

  /// Every other node, sorted.
  public let peers: [NodeID]
  /// The protocol period T: one probe each.
  public let period: Duration
  /// How long to wait for a direct ack before asking for indirect probes.
  public let pingTimeout: Duration
  /// K: how many members are asked to probe the target indirectly.
  public let indirectProbes: Int
  /// How long a suspicion waits for a refutation before the member is declared dead.
  public let suspicionTimeout: Duration

  // MARK: - State

  public private(set) var record = DetectorRecord()
  /// This node's incarnation number, raised to refute a suspicion.
  public private(set) var incarnation = 0
  /// Probes this node started (one per period).
  public private(set) var probesSent = 0
  /// Probes that got no ack, directly or through a relay, by the end of their period.
  public private(set) var probesFailed = 0
  private var members: [NodeID: SWIMUpdate] = [:]
  private var buffer: DisseminationBuffer
  private var probe = 0
  private var probeTarget: NodeID?
  private var acknowledged = false

  public var isObserver: Bool { true }

  /// Creates a member of a group of `peers` plus itself. The suspicion timeout defaults to
  /// 3·log₂N periods, and each update rides on up to 3·⌈log₂(N + 1)⌉ messages, at most 6 per message.
  public init(
    peers: [NodeID], period: Duration = .milliseconds(100), pingTimeout: Duration = .milliseconds(30),
    indirectProbes: Int = 3, suspicionTimeout: Duration? = nil
  ) {
    self.peers = peers.sorted()
    self.period = period
    self.pingTimeout = pingTimeout
    self.indirectProbes = indirectProbes
    let logN = log2(Double(max(2, peers.count + 1)))
    self.suspicionTimeout = suspicionTimeout ?? period * (3 * logN)
    self.buffer = DisseminationBuffer(limit: 3 * Int(log2(Double(peers.count + 2)).rounded(.up)), perMessage: 6)
  }

  /// What this node believes about `node` (itself: always alive).
  public func status(of node: NodeID) -> MemberStatus { members[node]?.status ?? .alive }

  /// The members this node has declared dead, sorted.
  public var dead: [NodeID] { peers.filter { members[$0]?.status == .dead } }

  // MARK: - Handlers

  public mutating func start(context: inout Context<SWIM>) {
    // TODO(lab): part 4. Every peer starts alive at incarnation 0; set the `.period` timer (after
    // `randomPhase(&context.random, within: period)`).
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<SWIM>) {
    // TODO(lab): part 4. Apply the piggybacked updates first. Then: answer a ping with an ack; an
    // ack for the current probe means it succeeded; a ping request makes you ping the target for the
    // requester (`indirectPing`), which answers you (`indirectAck`), and you pass on an `ack`. Every
    // message you send carries `buffer.next()`.
  }

  public mutating func timerFired(_ timer: Timer, context: inout Context<SWIM>) {
    // TODO(lab): part 4. `.period`: if the last probe got no ack, count it in `probesFailed` and
    // suspect its target (if alive); then ping a random member that is not dead (counting
    // `probesSent`) and set `.pingTimeout` and the next `.period`. `.pingTimeout`: if still no ack,
    // send a ping request to K random alive members other than the target. `.suspicionTimeout`: a
    // suspicion not refuted by now (same incarnation) becomes dead.
  }

  // MARK: - Membership

  /// Applies a membership update, heard or made here; news is queued for dissemination.
  private mutating func apply(_ update: SWIMUpdate, context: inout Context<SWIM>) {
    // TODO(lab): part 4. About yourself: refute a suspicion (or death) at your incarnation or later by
    // raising your incarnation above it and queueing `alive` for dissemination. About a member: if
    // the update overrides what you know (`SWIMUpdate.overrides`), keep it, queue it (`buffer.add`),
    // and record it: `record.clear` for alive, `record.suspect` and a `.suspicionTimeout` for
    // suspect, `record.declare` for dead.
  }

  private mutating func send(_ message: Message, to destination: NodeID, context: inout Context<SWIM>) {
    record.send(message, to: destination, context: &context)
  }
}
