import Simulation

/// Single-decree Paxos (Lamport, "The Part-Time Parliament", 1998; "Paxos Made Simple", 2001):
/// every node is proposer, acceptor and learner, and the cluster decides one value.
///
/// A proposer picks a ballot higher than any it has seen, and asks a majority to *promise* to
/// ignore lower ballots (phase 1). The promises carry what each acceptor already accepted; the
/// proposer must propose the value of the highest-ballot acceptance among them, or its own value if
/// there is none. It then asks the acceptors to *accept* (phase 2). An acceptor accepts unless it
/// promised a higher ballot, and tells everyone. A value accepted by a majority in one ballot is
/// decided. Acceptors keep their promise and acceptance on stable storage, and proposers their last
/// ballot, so a crash-restart forgets nothing that matters. Proposers that compete retry with
/// higher ballots after a random back-off.
public struct Paxos: Node {
  /// A ballot: a round number, with the proposer's ID to break ties. Ordered by round, then node.
  public struct Ballot: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var round: Int
    public var node: NodeID

    public init(round: Int, node: NodeID) {
      self.round = round
      self.node = node
    }

    public static func < (a: Ballot, b: Ballot) -> Bool { (a.round, a.node) < (b.round, b.node) }

    public var description: String { "\(round).\(node.rawValue)" }
  }

  /// A value accepted in a ballot.
  public struct Acceptance: Hashable, Sendable {
    public var ballot: Ballot
    public var value: Int
  }

  /// The protocol's messages.
  public enum Message: Hashable, Sendable, CustomStringConvertible {
    /// Phase 1a: promise to ignore ballots below this one.
    case prepare(Ballot)
    /// Phase 1b: promised, with what this acceptor accepted before (if anything).
    case promise(Ballot, accepted: Acceptance?)
    /// Phase 2a: accept this value in this ballot.
    case accept(Ballot, value: Int)
    /// Phase 2b, sent to every node: accepted.
    case accepted(Ballot, value: Int)
    /// Refused: this acceptor has promised a higher ballot.
    case nack(Ballot, promised: Ballot)

    public var description: String {
      switch self {
      case .prepare(let b): "prepare(\(b))"
      case .promise(let b, let a): "promise(\(b)\(a.map { ", accepted \($0.value)@\($0.ballot)" } ?? ""))"
      case .accept(let b, let v): "accept(\(b), \(v))"
      case .accepted(let b, let v): "accepted(\(b), \(v))"
      case .nack(let b, let p): "nack(\(b), promised \(p))"
      }
    }
  }

  /// The proposer's single timer: try (again) with a higher ballot.
  public enum Timer: Hashable, Sendable { case propose }

  /// What survives a crash: the acceptor's promise and acceptance, the proposer's last round, and
  /// the decision once learned.
  public struct Storage: DurableStorage {
    public var promised: Ballot?
    public var accepted: Acceptance?
    public var lastRound = 0
    public var decided: Int?
    public init() {}
  }

  public let id: NodeID
  public let peers: [NodeID]
  /// The value this node proposes, or nil for a node that only accepts and learns.
  public let proposal: Int?
  /// The back-off before a proposer (re)tries: a random wait in `retry ..< 2·retry`.
  public let retry: Duration

  /// The decided value, as this node learned it (read it from storage after a crash).
  public var decided: Int? { learned }

  private var learned: Int?
  /// The ballot this proposer is running, and what it has collected for it.
  private var ballot: Ballot?
  private var promises: [NodeID: Acceptance?] = [:]
  private var sentAccept = false
  /// Per ballot, who accepted it (the learner's count).
  private var acceptances: [Ballot: Set<NodeID>] = [:]

  /// Creates a node of the cluster `peers` (which includes `id`).
  public init(id: NodeID, peers: [NodeID], proposal: Int?, retry: Duration = .milliseconds(50)) {
    self.id = id
    self.peers = peers.sorted()
    self.proposal = proposal
    self.retry = retry
  }

  var majority: Int { peers.count / 2 + 1 }

  public mutating func start(context: inout Context<Paxos>) {
    learned = context.storage.decided
    if proposal != nil && learned == nil { scheduleAttempt(context: &context, first: true) }
  }

  public mutating func timerFired(_ timer: Timer, context: inout Context<Paxos>) {
    guard learned == nil else { return }
    // A new ballot, above anything seen; logged before use so a restart never reuses it.
    let round = max(context.storage.lastRound, context.storage.promised?.round ?? 0) + 1
    context.storage.lastRound = round
    ballot = Ballot(round: round, node: id)
    promises = [:]
    sentAccept = false
    context.broadcast(.prepare(ballot!), to: peers)
    scheduleAttempt(context: &context, first: false)
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<Paxos>) {
    switch message {
    case .prepare(let b):
      if let promised = context.storage.promised, promised > b {
        context.send(.nack(b, promised: promised), to: sender)
        return
      }
      context.storage.promised = b
      context.send(.promise(b, accepted: context.storage.accepted), to: sender)
    case .promise(let b, let accepted):
      guard b == ballot, !sentAccept else { return }
      promises.updateValue(accepted, forKey: sender)  // (assigning nil would remove the entry)
      guard promises.count >= majority, let own = proposal else { return }
      // The highest-ballot value already accepted by anyone in the majority, else our own.
      let chosen = promises.values.compactMap { $0 }.max { $0.ballot < $1.ballot }?.value ?? own
      sentAccept = true
      context.broadcast(.accept(b, value: chosen), to: peers)
    case .accept(let b, let value):
      if let promised = context.storage.promised, promised > b {
        context.send(.nack(b, promised: promised), to: sender)
        return
      }
      context.storage.promised = b
      context.storage.accepted = Acceptance(ballot: b, value: value)
      context.broadcast(.accepted(b, value: value), to: peers)
    case .accepted(let b, let value):
      acceptances[b, default: []].insert(sender)
      if acceptances[b]!.count >= majority && learned == nil {
        learned = value
        context.storage.decided = value
        context.log("decided \(value)")
      }
    case .nack(let b, let promised):
      // Someone is ahead: remember its round so the next attempt goes above it.
      guard b == ballot else { return }
      context.storage.lastRound = max(context.storage.lastRound, promised.round)
    }
  }

  /// Sets the timer for the next attempt after a random back-off (shorter for the first).
  private func scheduleAttempt(context: inout Context<Paxos>, first: Bool) {
    let base = first ? retry / 5 : retry
    let jitter = Int64(context.random.next() % UInt64(max(1, base.nanosecondCount)))
    context.setTimer(.propose, after: base + .nanoseconds(jitter))
  }
}
