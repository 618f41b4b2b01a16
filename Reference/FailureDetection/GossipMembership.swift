import Foundation
import Simulation

/// Gossip-style failure detection (van Renesse, Minsky and Hayden, 1998): every node keeps a
/// membership list of heartbeat counters. Each round it increments its own counter and sends its
/// whole list to `fanout` random members; a receiver keeps the larger counter of each member and
/// notes the local time it last grew. A member whose counter has not grown for `failAfter`
/// (T_fail) is declared failed and no longer gossiped; after `cleanupAfter` (T_cleanup) it is
/// forgotten, remembering its last counter so that old gossip cannot bring it back.
///
/// Messages per node per round: `fanout`, whatever N; but each carries N entries, so bytes grow
/// with N. A counter reaches everyone in O(log N) rounds, so detection time grows like log N.
public struct GossipMembership: FailureDetector {
  /// One member's heartbeat counter, as gossiped.
  public struct Entry: Hashable, Sendable, CustomStringConvertible {
    /// The member.
    public var node: NodeID
    /// Its heartbeat counter.
    public var counter: Int

    public var description: String { "\(node):\(counter)" }
  }

  public enum Message: Hashable, Sendable, CustomStringConvertible, WireSized {
    /// The sender's membership list, sorted by node.
    case gossip([Entry])

    public var description: String {
      switch self {
      case .gossip(let entries): "gossip[" + entries.map(\.description).joined(separator: " ") + "]"
      }
    }

    public var wireSize: Int {
      switch self {
      case .gossip(let entries): messageHeaderBytes + 12 * entries.count
      }
    }
  }

  public enum Timer: Hashable, Sendable, CustomStringConvertible {
    /// Time for the next gossip round.
    case round

    public var description: String { "round" }
  }

  /// What a node knows of one member.
  struct Member: Hashable, Sendable {
    var counter: Int
    var updatedAt: Duration
    var failed = false
  }

  // MARK: - Configuration

  /// Every other node, sorted.
  public let peers: [NodeID]
  /// How often a node gossips.
  public let round: Duration
  /// How many random members each round's gossip goes to.
  public let fanout: Int
  /// T_fail: how long a counter may stay still before its member is declared failed.
  public let failAfter: Duration
  /// T_cleanup: how long after its last update a failed member is forgotten.
  public let cleanupAfter: Duration

  // MARK: - State

  public private(set) var record = DetectorRecord()
  /// This node's own heartbeat counter.
  public private(set) var counter = 0
  private var members: [NodeID: Member] = [:]
  /// Forgotten members and their last counter.
  private var forgotten: [NodeID: Int] = [:]

  public var isObserver: Bool { true }

  /// Creates a node that gossips with `peers`. T_fail defaults to 2·log₂N rounds (at least four):
  /// a counter needs O(log N) rounds to spread, so a fixed T_fail would suspect live members of a
  /// large group. T_cleanup defaults to twice T_fail.
  public init(
    peers: [NodeID], round: Duration = .milliseconds(100), fanout: Int = 2, failAfter: Duration? = nil,
    cleanupAfter: Duration? = nil
  ) {
    self.peers = peers.sorted()
    self.round = round
    self.fanout = fanout
    let fail = failAfter ?? round * max(4, (2 * log2(Double(peers.count + 1))).rounded(.up))
    self.failAfter = fail
    self.cleanupAfter = cleanupAfter ?? fail * 2
  }

  /// The members this node believes alive (not declared failed, not forgotten), sorted.
  public var liveMembers: [NodeID] { peers.filter { members[$0].map { !$0.failed } ?? false } }

  // MARK: - Handlers

  public mutating func start(context: inout Context<GossipMembership>) {
    for peer in peers { members[peer] = Member(counter: 0, updatedAt: context.now) }
    context.setTimer(.round, after: randomPhase(&context.random, within: round))
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<GossipMembership>) {
    guard case .gossip(let entries) = message else { return }
    for entry in entries where entry.node != context.me {
      if let last = forgotten[entry.node] {
        guard entry.counter > last else { continue }  // old news of a forgotten member
        forgotten[entry.node] = nil
        members[entry.node] = Member(counter: entry.counter, updatedAt: context.now)
        record.revive(entry.node, context: &context)
      } else if var member = members[entry.node], entry.counter > member.counter {
        member.counter = entry.counter
        member.updatedAt = context.now
        if member.failed {
          member.failed = false
          record.revive(entry.node, context: &context)
        }
        members[entry.node] = member
      }
    }
  }

  public mutating func timerFired(_ timer: Timer, context: inout Context<GossipMembership>) {
    counter += 1
    for peer in peers {
      guard var member = members[peer] else { continue }
      let silence = context.now - member.updatedAt
      if silence > cleanupAfter {
        members[peer] = nil
        forgotten[peer] = member.counter
        context.log("forget \(peer)")
      } else if silence > failAfter && !member.failed {
        member.failed = true
        members[peer] = member
        record.declare(peer, context: &context)
      }
    }
    let live = liveMembers
    let entries = [Entry(node: context.me, counter: counter)] + live.map { Entry(node: $0, counter: members[$0]!.counter) }
    let message = Message.gossip(entries.sorted { $0.node < $1.node })
    for target in sample(live, count: fanout, using: &context.random) {
      record.send(message, to: target, context: &context)
    }
    context.setTimer(.round, after: round)
  }
}

/// Up to `count` distinct elements of `elements`, chosen uniformly with the node's seeded generator.
func sample<T>(_ elements: [T], count: Int, using random: inout SimulationRandom) -> [T] {
  var pool = elements
  var chosen: [T] = []
  while chosen.count < count && !pool.isEmpty {
    chosen.append(pool.remove(at: random.index(below: pool.count)))
  }
  return chosen
}
