// Lab 07 (consensus), part 4: Raft's log. Given complete except three helpers marked TODO(lab):
// the two that the fast back-up needs (part 4b) and compaction (part 4e). Everything else here is
// the index arithmetic around the snapshot offset, given so that you can trust it.

import Simulation

/// One entry of the replicated log.
public struct LogEntry<Command: HistoryOperation>: Hashable, Sendable, CustomStringConvertible {
  /// What an entry carries.
  public enum Payload: Hashable, Sendable {
    /// A new leader's first entry: it lets the leader commit everything before it.
    case noOp
    /// A client's command.
    case command(Command)
    /// The voting members from this entry on (single-server membership change).
    case configuration([NodeID])
  }

  /// The leader's term when the entry was created.
  public var term: Int
  public var payload: Payload
  /// The client request this entry serves, if any (for exactly-once application and replies).
  public var origin: Origin?

  /// A client and its request number.
  public struct Origin: Hashable, Sendable {
    public var client: NodeID
    public var sequence: Int
  }

  public var description: String {
    switch payload {
    case .noOp: "\(term):no-op"
    case .command(let c): "\(term):\(c.function) \(c.value)"
    case .configuration(let members): "\(term):config \(members.map(\.description).joined(separator: ","))"
    }
  }
}

/// What a client was last told, per client: the request number and its answer. Kept in the
/// snapshot with the machine, so a retried request is answered, not applied twice.
public struct ClientSession: Hashable, Sendable {
  public var sequence: Int
  public var result: Completion
}

/// The state a prefix of the log produces: the machine, the client sessions and the configuration.
public struct AppliedState<Machine: ReplicatedStateMachine>: Hashable, Sendable {
  public var machine = Machine()
  public var sessions: [NodeID: ClientSession] = [:]
}

/// A compacted log prefix: the state after applying entries 1…`lastIndex`.
public struct RaftSnapshot<Machine: ReplicatedStateMachine>: Hashable, Sendable {
  public var lastIndex: Int
  public var lastTerm: Int
  public var state: AppliedState<Machine>
  /// The configuration in force at `lastIndex`.
  public var configuration: [NodeID]
}

/// The log on stable storage: a snapshot of a prefix (maybe empty) and the entries after it.
/// Indices start at 1, and index 0 has term 0, as in the paper.
public struct RaftLog<Machine: ReplicatedStateMachine>: Hashable, Sendable {
  public typealias Entry = LogEntry<Machine.Command>

  /// The compacted prefix, if a snapshot was taken or installed.
  public private(set) var snapshot: RaftSnapshot<Machine>?
  /// The entries after the snapshot.
  public private(set) var entries: [Entry] = []

  public init() {}

  /// The index the snapshot covers (0 without one).
  public var snapshotIndex: Int { snapshot?.lastIndex ?? 0 }
  /// The index of the last entry.
  public var lastIndex: Int { snapshotIndex + entries.count }
  /// The term of the last entry.
  public var lastTerm: Int { term(at: lastIndex) ?? 0 }

  /// The term of the entry at `index`, or nil if there is none or it was compacted away
  /// (the snapshot's last index still has its term).
  public func term(at index: Int) -> Int? {
    if index == snapshotIndex { return snapshot?.lastTerm ?? 0 }
    guard index > snapshotIndex, index <= lastIndex else { return nil }
    return entries[index - snapshotIndex - 1].term
  }

  /// The entry at `index`, if it is still in the log.
  public func entry(at index: Int) -> Entry? {
    guard index > snapshotIndex, index <= lastIndex else { return nil }
    return entries[index - snapshotIndex - 1]
  }

  /// The entries from `index` to the end (index must be past the snapshot).
  func entries(from index: Int) -> ArraySlice<Entry> {
    entries[(index - snapshotIndex - 1)...]
  }

  /// The first index of the run of entries with the same term as the one at `index`.
  func firstIndex(ofTermAt index: Int) -> Int {
    // TODO(lab): part 4b, the fast back-up. A follower that rejects AppendEntries because its entry
    // at `index` has the wrong term reports where that term's run of entries begins in its log, so
    // the leader can skip the whole run in one step. Walk back from `index` while the entry before
    // has the same term, stopping at the snapshot (entries it covers have no term to compare).
    // Returning `index` itself, as this stub does, is correct but backs up one entry per round trip.
    index
  }

  /// The last index holding an entry of `term`, if any.
  func lastIndex(ofTerm term: Int) -> Int? {
    // TODO(lab): part 4b, the fast back-up. The leader, told that a follower's conflicting entry has
    // term `term`, asks where its own log last holds that term: if it has such entries, the logs may
    // agree up to there, so the follower's next index goes just after it. Search back from the end;
    // terms only grow along a log, so you may stop once you pass below `term`. nil: no such entry.
    nil
  }

  /// The configuration in force at `index`: the latest configuration entry at or before it.
  func configuration(at index: Int) -> [NodeID]? {
    var i = min(index, lastIndex)
    while i > snapshotIndex {
      if case .configuration(let members) = entries[i - snapshotIndex - 1].payload { return members }
      i -= 1
    }
    return snapshot?.configuration
  }

  /// The index of the latest configuration entry still in the log, if any.
  func lastConfigurationIndex() -> Int? {
    var i = lastIndex
    while i > snapshotIndex {
      if case .configuration = entries[i - snapshotIndex - 1].payload { return i }
      i -= 1
    }
    return nil
  }

  mutating func append(_ entry: Entry) { entries.append(entry) }

  /// Drops every entry after `index`.
  mutating func truncate(after index: Int) {
    entries.removeSubrange((index - snapshotIndex)...)
  }

  /// Replaces the prefix through `snapshot.lastIndex` by the snapshot, keeping later entries only
  /// if the log agrees with the snapshot at its last index.
  mutating func compact(to snapshot: RaftSnapshot<Machine>) {
    // TODO(lab): part 4e. Store `snapshot` as the log's new prefix. Entries after its last index
    // survive only if this log holds an entry at that index with the snapshot's last term: then the
    // two agree up to there (log matching) and what follows is still good. Otherwise (the log is
    // shorter, or disagrees there) drop every entry: the snapshot is the truth, and the leader will
    // send what comes after it. Remember that `entries` starts just after `snapshotIndex`.
  }
}
