// Lab 07 (consensus), part 4: Raft. Given complete; read it, there is nothing to write here.

import Simulation

/// How a Raft server behaves: timing, compaction, batching, reads, and deliberate flaws for tests.
public struct RaftOptions: Hashable, Sendable {
  /// How a leader answers a read-only command.
  public enum ReadMode: Hashable, Sendable {
    /// Through the log, like every other command (always linearizable).
    case log
    /// With a read index (Ongaro's dissertation, §6.4): the leader notes its commit index,
    /// confirms it still leads with a round of heartbeats, and answers once that index is applied.
    case readIndex
    /// Deliberately broken: the leader answers from its own state at once, so a deposed leader
    /// that has not heard of its successor serves stale reads.
    case localWithoutCheck
  }

  /// A deliberate mistake, for tests that show the suite catches it.
  public enum Flaw: Hashable, Sendable {
    /// The leader counts replicas of entries from earlier terms toward commitment (the unsafe
    /// rule of the Raft paper's figure 8).
    case commitsEntriesFromEarlierTerms
  }

  /// The election timeout is drawn uniformly from this range afresh each time it is reset.
  public var electionTimeout: ClosedRange<Duration> = .milliseconds(150) ... .milliseconds(300)
  /// How often a leader sends heartbeats (and retransmits entries not yet acknowledged).
  public var heartbeatInterval: Duration = .milliseconds(50)
  /// Take a snapshot once this many applied entries sit in the log (nil: never compact).
  public var snapshotThreshold: Int? = nil
  /// A new leader appends a no-op so that it can commit its predecessors' entries at once.
  public var appendsNoOpOnElection = true
  /// Collect commands for this long before replicating them (nil: replicate every command at once).
  public var batchWindow: Duration? = nil
  public var readMode: ReadMode = .log
  public var flaw: Flaw? = nil

  public init() {}

  /// Options with the given changes.
  public func with(_ change: (inout RaftOptions) -> Void) -> RaftOptions {
    var copy = self
    change(&copy)
    return copy
  }
}
