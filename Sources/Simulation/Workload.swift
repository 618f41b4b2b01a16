/// A client workload: which nodes act as clients, what operations they invoke, how long they
/// wait between operations and when they give up on one.
///
/// Each client runs one operation at a time (as a Jepsen process does). When an operation is not
/// completed within `timeout`, the driver records it as `info` (outcome unknown) and the client
/// continues under a new process number.
public struct Workload<Operation: HistoryOperation> {
  /// The client nodes, in the order their process numbers are assigned (0, 1, …).
  public var clients: [NodeID]
  /// How many operations each client invokes before it stops.
  public var operationsPerClient: Int
  /// The pause between one operation's completion and the next invocation.
  public var thinkTime: DelayDistribution
  /// How long a client waits for a completion before it records `info` and moves on.
  public var timeout: Duration
  /// The virtual time of the first invocations.
  public var startAt: Duration
  /// Makes the `index`-th operation of `client`, drawing any randomness from `random`.
  public var makeOperation: (_ client: NodeID, _ index: Int, _ random: inout SimulationRandom) -> Operation

  /// Creates a workload; `makeOperation` is called once per invocation, in virtual-time order.
  public init(
    clients: [NodeID],
    operationsPerClient: Int,
    thinkTime: DelayDistribution = .uniform(.milliseconds(1), .milliseconds(20)),
    timeout: Duration = .seconds(1),
    startAt: Duration = .milliseconds(10),
    makeOperation: @escaping (_ client: NodeID, _ index: Int, _ random: inout SimulationRandom) -> Operation
  ) {
    self.clients = clients
    self.operationsPerClient = operationsPerClient
    self.thinkTime = thinkTime
    self.timeout = timeout
    self.startAt = startAt
    self.makeOperation = makeOperation
  }

  func validate(cluster: Set<NodeID>) throws(SimulationConfigurationError) {
    for (i, client) in clients.enumerated() where !cluster.contains(client) {
      throw .unknownNode(client, field: "workload.clients[\(i)]")
    }
    if Set(clients).count != clients.count {
      throw .invalidRange(field: "workload.clients", reason: "a client is listed twice")
    }
    if operationsPerClient < 0 {
      throw .invalidRange(field: "workload.operationsPerClient", reason: "\(operationsPerClient) is negative")
    }
    try thinkTime.validate(field: "workload.thinkTime")
    if timeout <= .zero {
      throw .invalidRange(field: "workload.timeout", reason: "\(timeout.compactDescription) is not positive")
    }
    if startAt < .zero { throw .negativeDuration(startAt, field: "workload.startAt") }
  }
}
