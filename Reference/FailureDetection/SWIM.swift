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
    for peer in peers { members[peer] = SWIMUpdate(node: peer, status: .alive, incarnation: 0) }
    context.setTimer(.period, after: randomPhase(&context.random, within: period))
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<SWIM>) {
    for update in message.updates { apply(update, context: &context) }
    switch message {
    case .ping(let p, _):
      send(.ack(probe: p, updates: buffer.next()), to: sender, context: &context)
    case .ack(let p, _):
      if p == probe { acknowledged = true }
    case .pingRequest(let p, let target, _):
      send(.indirectPing(probe: p, requester: sender, updates: buffer.next()), to: target, context: &context)
    case .indirectPing(let p, let requester, _):
      send(.indirectAck(probe: p, requester: requester, updates: buffer.next()), to: sender, context: &context)
    case .indirectAck(let p, let requester, _):
      send(.ack(probe: p, updates: buffer.next()), to: requester, context: &context)
    }
  }

  public mutating func timerFired(_ timer: Timer, context: inout Context<SWIM>) {
    switch timer {
    case .period:
      // The last period's probe failed, directly and indirectly: suspect its target.
      if let target = probeTarget, !acknowledged {
        probesFailed += 1
        if let known = members[target], known.status == .alive {
          apply(SWIMUpdate(node: target, status: .suspect, incarnation: known.incarnation), context: &context)
        }
      }
      probe += 1
      acknowledged = false
      probeTarget = sample(peers.filter { members[$0]?.status != .dead }, count: 1, using: &context.random).first
      if let target = probeTarget {
        probesSent += 1
        send(.ping(probe: probe, updates: buffer.next()), to: target, context: &context)
        context.setTimer(.pingTimeout(probe: probe), after: pingTimeout)
      }
      context.setTimer(.period, after: period)
    case .pingTimeout(let p):
      guard p == probe, !acknowledged, let target = probeTarget else { return }
      let relays = peers.filter { $0 != target && members[$0]?.status == .alive }
      for relay in sample(relays, count: indirectProbes, using: &context.random) {
        send(.pingRequest(probe: p, target: target, updates: buffer.next()), to: relay, context: &context)
      }
    case .suspicionTimeout(let node, let i):
      if let known = members[node], known.status == .suspect, known.incarnation == i {
        apply(SWIMUpdate(node: node, status: .dead, incarnation: i), context: &context)
      }
    }
  }

  // MARK: - Membership

  /// Applies a membership update, heard or made here; news is queued for dissemination.
  private mutating func apply(_ update: SWIMUpdate, context: inout Context<SWIM>) {
    if update.node == context.me {
      // Refutation: only this node may raise its own incarnation.
      guard update.status != .alive, update.incarnation >= incarnation else { return }
      incarnation = update.incarnation + 1
      context.log("refute: \(update.status.rawValue) at incarnation \(update.incarnation), now \(incarnation)")
      buffer.add(SWIMUpdate(node: context.me, status: .alive, incarnation: incarnation))
      return
    }
    guard let known = members[update.node], update.overrides(known.status, known.incarnation) else { return }
    members[update.node] = update
    buffer.add(update)
    switch update.status {
    case .alive:
      record.clear(update.node, context: &context)
    case .suspect:
      record.suspect(update.node, context: &context)
      context.setTimer(.suspicionTimeout(node: update.node, incarnation: update.incarnation), after: suspicionTimeout)
    case .dead:
      record.declare(update.node, context: &context)
    }
  }

  private mutating func send(_ message: Message, to destination: NodeID, context: inout Context<SWIM>) {
    record.send(message, to: destination, context: &context)
  }
}
