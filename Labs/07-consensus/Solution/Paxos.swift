// Lab 07 (consensus), part 2: your single-decree Paxos. Fill in the parts marked TODO(lab).

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
  // TODO(lab): part 2. The proposer's volatile state (its current ballot and the promises it has
  // collected) and the learner's (who accepted which ballot).

  /// Creates a node of the cluster `peers` (which includes `id`).
  public init(id: NodeID, peers: [NodeID], proposal: Int?, retry: Duration = .milliseconds(50)) {
    self.id = id
    self.peers = peers.sorted()
    self.proposal = proposal
    self.retry = retry
  }

  var majority: Int { peers.count / 2 + 1 }

  public mutating func start(context: inout Context<Paxos>) {
    // TODO(lab): part 2. Restore what the learner knew from `context.storage.decided`; a node with
    // a proposal that has not decided sets the `.propose` timer (a short random wait).
  }

  public mutating func timerFired(_ timer: Timer, context: inout Context<Paxos>) {
    // TODO(lab): part 2. Start a new ballot above every round seen (log the round first), send
    // `prepare` to everyone, and set the timer again with a random back-off.
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<Paxos>) {
    // TODO(lab): part 2. Acceptor: promise (and log) unless a higher ballot was promised; accept
    // (and log) unless a higher ballot was promised, telling everyone. Proposer: with promises from
    // a majority, propose the highest-ballot accepted value among them, else your own. Learner: a
    // value accepted by a majority in one ballot is decided (log it).
  }
}
