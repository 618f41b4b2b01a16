import Simulation

/// A small leader election in the style of Raft's (Ongaro and Ousterhout, 2014): on a timeout a
/// node starts a new term, votes for itself and asks its peers; a majority of votes in a term makes
/// it leader. Meant for the exploration executor, so it keeps only what election safety needs.
///
/// With `flaw: .votesTwicePerTerm` a node forgets whom it voted for and grants every request in
/// its current term, so two candidates can both win a term: the bug a search should find.
public struct ElectionNode: Node {
  /// Vote requests and grants, each stamped with the term it is for.
  public enum Message: Hashable, Sendable, CustomStringConvertible {
    case requestVote(term: Int)
    case vote(term: Int)

    public var description: String {
      switch self {
      case .requestVote(let term): "requestVote(\(term))"
      case .vote(let term): "vote(\(term))"
      }
    }
  }

  /// The one timer: start an election if no leader has been heard from.
  public enum Timer: Hashable, Sendable { case electionTimeout }

  /// Where the node stands in its current term.
  public enum Role: Hashable, Sendable { case follower, candidate, leader }

  /// A deliberate mistake, for showing what a search catches.
  public enum Flaw: Hashable, Sendable { case votesTwicePerTerm }

  public let id: NodeID
  /// The cluster as a bit set of node numbers (below 64): a node stays a few plain words, cheap
  /// to copy, compare and hash, which is what keeps exploration fast.
  private let members: UInt64
  let flaw: Flaw?
  /// Elections stop at this term, which bounds the state space.
  let maxTerm: Int

  /// The node's current term.
  public private(set) var term = 0
  /// Follower, candidate or leader (of `term`).
  public private(set) var role = Role.follower
  private var votedFor: NodeID?
  private var votes: UInt64 = 0

  /// Creates a node of the cluster `peers` (which includes `id`); node numbers must be below 64.
  public init(id: NodeID, peers: [NodeID], maxTerm: Int = 2, flaw: Flaw? = nil) {
    self.id = id
    self.members = peers.reduce(0) { $0 | (1 << UInt64($1.rawValue & 63)) }
    self.maxTerm = maxTerm
    self.flaw = flaw
  }

  /// The cluster, in increasing order.
  public var peers: [NodeID] { (0..<64).filter { members & (1 << UInt64($0)) != 0 }.map { NodeID($0) } }

  public mutating func start(context: inout Context<ElectionNode>) {
    context.setTimer(.electionTimeout, after: .milliseconds(150))
  }

  public mutating func timerFired(_ timer: Timer, context: inout Context<ElectionNode>) {
    guard role != .leader, term < maxTerm else { return }
    term += 1
    role = .candidate
    votedFor = id
    votes = bit(id)
    var others = members & ~bit(id)
    while others != 0 {
      let next = others.trailingZeroBitCount
      others &= others - 1
      context.send(.requestVote(term: term), to: NodeID(next))
    }
    context.setTimer(.electionTimeout, after: .milliseconds(150))
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<ElectionNode>) {
    switch message {
    case .requestVote(let candidateTerm):
      if candidateTerm > term {
        term = candidateTerm
        role = .follower
        votedFor = nil
      }
      let mayVote = flaw == .votesTwicePerTerm || votedFor == nil || votedFor == sender
      guard candidateTerm == term, mayVote else { return }
      votedFor = sender
      context.send(.vote(term: term), to: sender)
    case .vote(let voteTerm):
      guard voteTerm == term, role == .candidate else { return }
      votes |= bit(sender)
      if votes.nonzeroBitCount * 2 > members.nonzeroBitCount { role = .leader }
    }
  }

  private func bit(_ node: NodeID) -> UInt64 { 1 << UInt64(node.rawValue & 63) }
}
