/// An entry of the simulator's event queue, ordered by (virtual time, sequence number).
///
/// The sequence number is unique and increases as events are scheduled, so events due at the
/// same instant run in the order they were scheduled, and the order never depends on hashing.
struct ScheduledEvent<N: Node>: Comparable {
  var time: Int64
  var sequence: UInt64
  var payload: Payload

  enum Payload {
    /// First boot of a node.
    case boot(node: Int)
    /// A message arriving. `lamport`/`vector` are the sender's clocks at the send (empty when the
    /// run keeps no causal clocks).
    case deliver(to: Int, from: Int, message: N.Message, id: Int, lamport: Int, vector: [Int])
    /// A timer set by `node` during incarnation `incarnation`, at sequence number `setAt`.
    case timer(node: Int, incarnation: Int, timer: N.Timer, setAt: UInt64)
    /// A scheduled fault.
    case fault(FaultAction)
    /// The next move of the random nemesis at this index.
    case nemesis(index: Int)
    /// The workload's client (by index) invokes its next operation.
    case invoke(client: Int)
    /// The workload gives up on a client's operation number `operation`, if it is still outstanding.
    case giveUp(client: Int, operation: Int)
  }

  static func < (lhs: ScheduledEvent, rhs: ScheduledEvent) -> Bool {
    lhs.time != rhs.time ? lhs.time < rhs.time : lhs.sequence < rhs.sequence
  }

  static func == (lhs: ScheduledEvent, rhs: ScheduledEvent) -> Bool {
    lhs.time == rhs.time && lhs.sequence == rhs.sequence
  }
}
