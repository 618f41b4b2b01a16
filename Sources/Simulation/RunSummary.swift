/// How a call to one of the simulator's run methods ended.
public struct RunSummary: Hashable, Sendable, CustomStringConvertible {
  /// Why the run stopped.
  public enum End: String, Hashable, Sendable {
    /// The requested virtual time was reached.
    case timeReached = "time reached"
    /// No message was in flight and the workload had nothing left to do.
    case quiescent
    /// The caller's predicate held.
    case predicateHeld = "predicate held"
    /// The time limit passed before the condition held.
    case timeLimitReached = "time limit reached"
    /// The event queue ran dry.
    case noEvents = "no events left"
    /// The simulator's event limit stopped a run that made no progress in time.
    case eventLimitReached = "event limit reached"
  }

  /// Why it stopped.
  public var end: End
  /// Virtual time when it stopped.
  public var now: Duration
  /// Events processed during this call.
  public var events: Int

  public var description: String { "\(end.rawValue) at \(now.compactDescription) after \(events) events" }
}

/// Counters of what happened in a run so far.
public struct SimulationStatistics: Hashable, Sendable {
  /// Events taken off the queue and processed (stale timers excluded).
  public var events = 0
  /// Messages nodes sent.
  public var sent = 0
  /// Messages handed to a node's `receive`.
  public var delivered = 0
  /// Messages lost to random loss.
  public var droppedByLoss = 0
  /// Messages lost because a partition blocked their link.
  public var droppedByPartition = 0
  /// Messages lost because their destination was down when they arrived.
  public var droppedAtDownNode = 0
  /// Extra copies the network made.
  public var duplicated = 0
  /// Timers that fired.
  public var timersFired = 0
  /// Node crashes.
  public var crashes = 0
  /// Node restarts.
  public var restarts = 0

  /// Every dropped message, whatever the reason.
  public var dropped: Int { droppedByLoss + droppedByPartition + droppedAtDownNode }
}

/// A mistake found during a run, in node code or in what the run was asked to do; recorded instead
/// of stopping the run, with the time and node so that a replay can find it.
public struct SimulationIssue: Hashable, Sendable, CustomStringConvertible {
  /// When it happened.
  public var time: Duration
  /// The node involved, if any.
  public var node: NodeID?
  /// What went wrong.
  public var message: String

  public var description: String {
    "[\(time.compactDescription)\(node.map { " \($0)" } ?? "")] \(message)"
  }
}
