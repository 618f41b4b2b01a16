import Simulation

extension MultiPaxos {
  /// Ballots are the ones of single-decree Paxos: a round number, with the proposer's ID to break ties.
  public typealias Ballot = Paxos.Ballot

  /// A client's command: append `value` to the replicated log. The client and its sequence number
  /// identify the command, so a retry that reaches the log twice is applied once.
  public struct Command: Hashable, Sendable, CustomStringConvertible {
    /// The client that issued it.
    public var client: NodeID
    /// The client's number for it: 1, 2, 3, … in the order the client issues commands.
    public var sequence: Int
    /// What to append.
    public var value: Int

    /// Creates a command.
    public init(client: NodeID, sequence: Int, value: Int) {
      self.client = client
      self.sequence = sequence
      self.value = value
    }

    public var description: String { "\(client)#\(sequence):\(value)" }
  }

  /// The value of one log slot: the commands chosen together in it, in order. An empty batch is a
  /// no-op, which a new leader proposes to fill a slot nobody reported.
  public struct Batch: Hashable, Sendable, CustomStringConvertible {
    /// The commands, applied in this order.
    public var commands: [Command]

    /// Creates a batch of commands.
    public init(_ commands: [Command]) { self.commands = commands }

    /// The no-op: a slot value that changes nothing.
    public static let noOp = Batch([])

    /// True for the no-op.
    public var isNoOp: Bool { commands.isEmpty }

    public var description: String { isNoOp ? "no-op" : commands.map(\.description).joined(separator: ",") }
  }

  /// A slot's value, as a leader proposes it or a node reports it chosen.
  public struct Entry: Hashable, Sendable, CustomStringConvertible {
    /// The log position.
    public var slot: Int
    /// What is (to be) chosen there.
    public var value: Batch

    /// Creates an entry.
    public init(slot: Int, value: Batch) {
      self.slot = slot
      self.value = value
    }

    public var description: String { "\(slot)=\(value)" }
  }

  /// What an acceptor accepted in one slot: the ballot and the value.
  public struct Acceptance: Hashable, Sendable {
    /// The ballot it was accepted in.
    public var ballot: Ballot
    /// The value accepted.
    public var value: Batch

    /// Creates an acceptance.
    public init(ballot: Ballot, value: Batch) {
      self.ballot = ballot
      self.value = value
    }
  }

  /// What survives a crash: the acceptor's promise and its acceptances in slots not yet known to be
  /// chosen, the proposer's last round, and the chosen log. Clients keep nothing here.
  public struct Storage: DurableStorage {
    /// The highest ballot this acceptor promised (by a promise, or by accepting in it).
    public var promised: Ballot?
    /// The highest round this node used or saw refused; a new ballot goes above it.
    public var lastRound = 0
    /// Per slot not known to be chosen, the value accepted in the highest ballot.
    public var accepted: [Int: Acceptance] = [:]
    /// The slots known to be chosen, with their values (possibly with holes).
    public var chosen: [Int: Batch] = [:]
    /// The first slot not known to be chosen: every slot below it is in `chosen`.
    public var firstUnchosen = 0

    public init() {}

    /// Records that `slot` is chosen with `value`, and moves `firstUnchosen` past the chosen prefix.
    mutating func learn(_ slot: Int, _ value: Batch) {
      guard chosen[slot] == nil else { return }
      chosen[slot] = value
      accepted[slot] = nil
      while chosen[firstUnchosen] != nil { firstUnchosen += 1 }
    }

    /// The chosen prefix as an array of slot values (slots `0 ..< firstUnchosen`).
    public var chosenPrefix: [Batch] { (0..<firstUnchosen).map { chosen[$0]! } }
  }
}
