/// One thing that happened in a run, as recorded in the trace.
///
/// Node events (send, deliver, timer, crash, restart, log, invoke, complete) carry the node's
/// Lamport clock and vector clock *after* the event; network events (drop, duplicate) and cluster
/// events (partition, heal) carry none. `Traces/README.md` documents the JSON form.
public struct TraceEvent: Hashable, Sendable {
  /// What kind of event this is.
  public enum Kind: String, Hashable, Sendable, CaseIterable {
    /// A node booted for the first time.
    case start
    /// A node sent a message (`node` → `peer`).
    case send
    /// A message reached its destination and was handled (`node` received from `peer`).
    case deliver
    /// The network lost a message; `detail` says why (loss, partition, down, unknown-destination).
    case drop
    /// The network will deliver a second copy of a message.
    case duplicate
    /// A timer fired at `node`.
    case timer
    /// `node` crashed: volatile state and timers lost.
    case crash
    /// `node` booted again from its durable storage.
    case restart
    /// The set of blocked links changed; `detail` describes the new partition.
    case partition
    /// Every block was removed.
    case heal
    /// A node's clock model changed; `detail` gives the new offset and drift.
    case clock
    /// A node wrote a log line (`detail`).
    case log
    /// The workload invoked an operation on a client node.
    case invoke
    /// A client node completed its operation (or the workload gave up on it).
    case complete
    /// A mistake detected in node code or in the run (`detail`), e.g. a send to an unknown node.
    case issue
  }

  /// Position in the trace, from 0.
  public var index: Int
  /// True virtual time.
  public var time: VirtualTime
  /// The event's kind.
  public var kind: Kind
  /// The node where it happened (the sender for send/drop/duplicate), if any.
  public var node: NodeID?
  /// The other end: destination of a send/drop/duplicate, source of a deliver.
  public var peer: NodeID?
  /// The message's ID, shared by its send, duplicate, drops and deliveries.
  public var message: Int?
  /// The message, timer or operation, as text.
  public var summary: String?
  /// Extra detail: a drop reason, a partition, a log line.
  public var detail: String?
  /// The node's Lamport clock after the event (0 for events with no node).
  public var lamport: Int
  /// The node's vector clock after the event, indexed like `TraceHeader.nodes`; empty when no node.
  public var vector: [Int]
}

/// The first record of every trace: what produced it and which nodes it names.
public struct TraceHeader: Hashable, Sendable {
  /// The run's seed.
  public var seed: UInt64
  /// Every node, in cluster order; vector clocks are indexed in this order.
  public var nodes: [NodeID]
  /// Display names, parallel to `nodes`.
  public var names: [String]
  /// Which nodes are workload clients.
  public var clients: [NodeID]
  /// What ran (an example's name, a test's name), for the reader.
  public var label: String
}
