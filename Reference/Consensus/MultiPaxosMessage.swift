import Simulation

extension MultiPaxos {
  /// The messages of servers and clients.
  public enum Message: Hashable, Sendable, CustomStringConvertible {
    /// Client to server: please get this command into the log.
    case request(Command)
    /// Server to client: the command with this sequence number is applied, first at `slot`.
    case reply(sequence: Int, slot: Int)
    /// Server to client: I am not the leader; try `leader` (nil: I know of none).
    case redirect(sequence: Int, leader: NodeID?)

    /// Phase 1a, once for all slots from `from` on: promise to ignore ballots below this one.
    case prepare(Ballot, from: Int)
    /// Phase 1b: promised; what this acceptor accepted, and what it knows is chosen, from `from` on.
    case promise(Ballot, accepted: [Int: Acceptance], chosen: [Entry])
    /// Phase 2a: accept these values in this ballot; every slot below `commit` is chosen.
    case accept(Ballot, entries: [Entry], commit: Int)
    /// Phase 2b, to the leader only: accepted these slots in this ballot.
    case accepted(Ballot, slots: [Int])
    /// The leader is alive; every slot below `commit` is chosen.
    case heartbeat(Ballot, commit: Int)
    /// Refused: this acceptor has promised a higher ballot.
    case nack(Ballot, promised: Ballot)
    /// Follower to leader: send me the chosen values from this slot on.
    case catchUp(from: Int)
    /// Chosen values, in slot order, for a follower that is behind.
    case chosen([Entry])

    public var description: String {
      func list(_ entries: [Entry]) -> String { entries.map(\.description).joined(separator: " ") }
      return switch self {
      case .request(let c): "request(\(c))"
      case .reply(let s, let slot): "reply(#\(s) at \(slot))"
      case .redirect(let s, let leader): "redirect(#\(s) to \(leader.map(\.description) ?? "?"))"
      case .prepare(let b, let from): "prepare(\(b), from \(from))"
      case .promise(let b, let accepted, let chosen):
        "promise(\(b), \(accepted.count) accepted, \(chosen.count) chosen)"
      case .accept(let b, let entries, let commit): "accept(\(b), [\(list(entries))], commit \(commit))"
      case .accepted(let b, let slots): "accepted(\(b), \(slots))"
      case .heartbeat(let b, let commit): "heartbeat(\(b), commit \(commit))"
      case .nack(let b, let p): "nack(\(b), promised \(p))"
      case .catchUp(let from): "catchUp(from \(from))"
      case .chosen(let entries): "chosen(\(entries.first?.slot ?? 0)..., \(entries.count) slots)"
      }
    }
  }

  /// The timers of servers and clients; each carries what it needs to tell whether it is stale.
  public enum Timer: Hashable, Sendable {
    /// A server's check for a silent leader (or a candidate's retry with a higher ballot).
    case election
    /// The leader of this ballot sends heartbeats and resends unanswered proposals.
    case heartbeat(Ballot)
    /// A client has waited long enough for this command: try the next server.
    case retry(sequence: Int)
  }

  /// The operation a workload asks a client to perform: append a value to the replicated log.
  public enum Operation: HistoryOperation, CustomStringConvertible {
    case append(Int)

    public var function: String { "append" }

    public var value: HistoryValue {
      switch self {
      case .append(let value): .int(value)
      }
    }

    public var description: String { "append \(value)" }
  }
}
