import Simulation

/// What a SWIM node believes about one member.
public enum MemberStatus: String, Hashable, Sendable {
  /// Answering probes, as far as this node knows.
  case alive
  /// A probe failed; declared dead when the suspicion timeout passes without a refutation.
  case suspect
  /// Declared failed (confirmed); final.
  case dead
}

/// A membership change that SWIM piggybacks on its pings and acks: "`node` is `status` at
/// incarnation `incarnation`". Only the member itself raises its incarnation, to refute a suspicion.
public struct SWIMUpdate: Hashable, Sendable, CustomStringConvertible {
  /// The member the update is about.
  public var node: NodeID
  /// What it says about the member.
  public var status: MemberStatus
  /// The member's incarnation number the update refers to.
  public var incarnation: Int

  /// Creates an update.
  public init(node: NodeID, status: MemberStatus, incarnation: Int) {
    self.node = node
    self.status = status
    self.incarnation = incarnation
  }

  /// The bytes one update takes in a message: node (4), status (1), incarnation (8).
  public static let wireSize = 13

  public var description: String { "\(status.rawValue) \(node)#\(incarnation)" }

  /// Whether this update replaces what a node believes, `(status, incarnation)`, by SWIM's rules:
  /// dead overrides everything; suspect overrides alive of the same or an older incarnation and
  /// suspect of an older one; alive overrides only an older incarnation.
  public func overrides(_ status: MemberStatus, _ incarnation: Int) -> Bool {
    // TODO(lab): part 4. SWIM's precedence rules, as the doc comment says.
    false
  }
}

/// The updates a SWIM node still has to spread, each piggybacked at most `limit` times, the least
/// sent first (so fresh news, such as a refutation, goes out at once).
struct DisseminationBuffer: Hashable, Sendable {
  struct Pending: Hashable, Sendable {
    var update: SWIMUpdate
    var sent: Int
  }

  /// Per member, the newest update about it and how many times it has been sent.
  private var pending: [NodeID: Pending] = [:]
  /// How many messages each update rides on before it is dropped (λ·log N).
  let limit: Int
  /// The most updates one message carries.
  let perMessage: Int

  init(limit: Int, perMessage: Int) {
    self.limit = limit
    self.perMessage = perMessage
  }

  /// Queues `update`, replacing any older one about the same member.
  mutating func add(_ update: SWIMUpdate) { pending[update.node] = Pending(update: update, sent: 0) }

  /// The updates for the next message; each is counted as sent once more.
  mutating func next() -> [SWIMUpdate] {
    guard !pending.isEmpty else { return [] }
    let chosen = pending.sorted { ($0.value.sent, $0.key) < ($1.value.sent, $1.key) }.prefix(perMessage)
    var updates: [SWIMUpdate] = []
    for (node, entry) in chosen {
      updates.append(entry.update)
      pending[node] = entry.sent + 1 >= limit ? nil : Pending(update: entry.update, sent: entry.sent + 1)
    }
    return updates
  }
}
