import Simulation

/// Everything Raft servers and their clients send each other (Ongaro and Ousterhout, "In Search of
/// an Understandable Consensus Algorithm", USENIX ATC 2014, figure 2, plus InstallSnapshot).
public enum RaftMessage<Machine: ReplicatedStateMachine>: Hashable, Sendable, CustomStringConvertible {
  public typealias Entry = LogEntry<Machine.Command>

  /// A candidate asks for a vote, showing how up to date its log is.
  case requestVote(term: Int, lastLogIndex: Int, lastLogTerm: Int)
  case vote(term: Int, granted: Bool)
  /// The leader replicates `entries` after `prevLogIndex` (none: a heartbeat). `round` numbers the
  /// leader's heartbeat rounds, echoed back so a read index can count confirmations.
  case appendEntries(
    term: Int, prevLogIndex: Int, prevLogTerm: Int, entries: [Entry], leaderCommit: Int, round: Int)
  /// Success means the follower's log matches the leader's through `matchIndex`. On failure,
  /// `conflictIndex` (and `conflictTerm`, if the follower had an entry there) let the leader skip
  /// a whole term of mismatched entries at once.
  case appendReply(term: Int, success: Bool, matchIndex: Int, conflictIndex: Int, conflictTerm: Int?, round: Int)
  /// The leader sends its snapshot to a follower that needs entries it has compacted away.
  case installSnapshot(term: Int, snapshot: RaftSnapshot<Machine>)
  case snapshotReply(term: Int, lastIndex: Int)
  /// A client's request, sent to the server it believes leads.
  case request(ClientRequest<Machine.Command>)
  /// The answer to request `sequence`.
  case reply(sequence: Int, result: Completion)
  /// "I do not lead; try `leader`" (nil: no idea).
  case redirect(sequence: Int, leader: NodeID?)

  public var description: String {
    switch self {
    case .requestVote(let t, let i, let lt): "requestVote(t\(t), last \(i)@t\(lt))"
    case .vote(let t, let g): "vote(t\(t), \(g ? "yes" : "no"))"
    case .appendEntries(let t, let p, let pt, let e, let c, _):
      e.isEmpty
        ? "heartbeat(t\(t), prev \(p)@t\(pt), commit \(c))"
        : "append(t\(t), prev \(p)@t\(pt), [\(e.map(\.description).joined(separator: " "))], commit \(c))"
    case .appendReply(let t, let s, let m, let ci, let ct, _):
      s ? "appendOK(t\(t), match \(m))" : "appendNo(t\(t), conflict \(ci)\(ct.map { "@t\($0)" } ?? ""))"
    case .installSnapshot(let t, let s): "installSnapshot(t\(t), through \(s.lastIndex)@t\(s.lastTerm))"
    case .snapshotReply(let t, let i): "snapshotOK(t\(t), \(i))"
    case .request(let r): "request(#\(r.sequence) \(r.operation))"
    case .reply(let s, let r): "reply(#\(s) \(r))"
    case .redirect(let s, let l): "redirect(#\(s) → \(l.map(\.description) ?? "?"))"
    }
  }
}

/// Raft's timers.
public enum RaftTimer: Hashable, Sendable {
  /// A follower or candidate heard from no leader for a while: start an election.
  case election
  /// A leader's heartbeat (and retransmission) period.
  case heartbeat
  /// A leader's batching window closed: send what accumulated.
  case flush
  /// A client waited too long for request `sequence`: try another server.
  case retry(sequence: Int)
}

/// What a Raft server keeps on stable storage: its term, its vote in that term, and its log
/// (with the snapshot that replaces the log's prefix).
public struct RaftStorage<Machine: ReplicatedStateMachine>: DurableStorage {
  /// The latest term this server has seen.
  public var currentTerm = 0
  /// The candidate this server voted for in `currentTerm`, if any.
  public var votedFor: NodeID?
  public var log = RaftLog<Machine>()
  public init() {}
}
