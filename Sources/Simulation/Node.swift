/// A process in a simulated distributed system: a deterministic event handler.
///
/// A node reacts to three kinds of input, `start`, `receive(_:from:context:)` and
/// `timerFired(_:context:)`, plus `invoke(_:context:)` for client nodes that a workload drives.
/// It acts on the world only through its `Context` (send, set timers, read the clock and the seeded
/// random generator, write durable storage, complete client operations, log).
///
/// Handlers MUST run to completion without blocking, threads, sleeps, wall-clock time, global state
/// or the system random generator: then one seed gives one trace, byte for byte. A node that sends
/// in a loop MUST iterate in a fixed order (a sorted array, not a `Set`), because `Set` and
/// `Dictionary` order changes from process to process.
///
/// Nodes are value types (`Hashable`, `Sendable`) so that a state can be copied, compared and
/// hashed; the exploration executor depends on that. State that must survive a crash lives in
/// `Context.storage`; everything else is lost when the node crashes.
public protocol Node: Hashable, Sendable {
  /// The messages nodes exchange.
  associatedtype Message: Hashable & Sendable
  /// The timers a node sets; a timer carries what it needs to tell whether it is stale.
  associatedtype Timer: Hashable & Sendable = Never
  /// The durable state that survives a crash-restart.
  associatedtype Storage: DurableStorage = NoStorage
  /// The operations a workload asks a client node to perform.
  associatedtype Operation: HistoryOperation = NoOperation

  /// Called once when the node boots, and again after every restart (with storage kept).
  mutating func start(context: inout Context<Self>)

  /// Called when a message from `sender` is delivered.
  mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<Self>)

  /// Called when a timer the node set (and did not cancel) fires.
  mutating func timerFired(_ timer: Timer, context: inout Context<Self>)

  /// Called on a client node when the workload invokes an operation; the node answers later
  /// with `context.complete(_:)`. A new invocation replaces one the workload gave up on.
  mutating func invoke(_ operation: Operation, context: inout Context<Self>)
}

extension Node {
  public mutating func start(context: inout Context<Self>) {}

  public mutating func timerFired(_ timer: Timer, context: inout Context<Self>) {}

  public mutating func invoke(_ operation: Operation, context: inout Context<Self>) {
    context.reportIssue("node \(context.me) received an operation but does not implement invoke(_:context:)")
  }
}

/// State a node keeps on stable storage: it survives crash-restart, unlike the node's own fields.
public protocol DurableStorage: Hashable, Sendable {
  /// The state of a freshly formatted disk.
  init()
}

/// The storage of a node that keeps nothing durable.
public struct NoStorage: DurableStorage {
  public init() {}
}
