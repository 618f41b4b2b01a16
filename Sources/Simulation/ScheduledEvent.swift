/// Something the simulator will do at a scheduled virtual time.
enum ScheduledEvent<N: Node> {
  /// First boot of a node.
  case boot(node: Int)
  /// A message arriving. `lamport`/`vector` are the sender's clocks at the send (nil when the
  /// run keeps no causal clocks).
  case deliver(to: Int, from: Int, message: N.Message, id: Int, lamport: Int, vector: [Int]?)
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
