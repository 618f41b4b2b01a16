import Consensus
import Simulation

/// Closed-loop runs of the lab's replicated logs for the handout's performance table: `clients`
/// clients each append `operations` values back to back, starting once a leader is in place.
extension ReplicationMeasurement {
  /// Raft serving an append-only list; batching waits a 2 ms window.
  static func raft(servers: Int, batching: Bool, seed: UInt64 = 1) throws -> ReplicationMeasurement {
    let options = RaftOptions().with { $0.batchWindow = batching ? .milliseconds(2) : nil }
    return try closedLoop(
      label: "Raft", servers: servers, batching: batching, seed: seed,
      operation: { client, index in .command(.append(client.rawValue * 1000 + index)) },
      isLeader: { (node: Raft<AppendOnlyList>) in node.server?.role == .leader }
    ) { id, servers in
      servers.contains(id)
        ? .server(RaftServer(id: id, bootstrap: servers, options: options)) : .client(RaftClient(servers: servers))
    }
  }

  /// Multi-Paxos; with batching, the leader keeps one batch of up to 8 commands in flight and
  /// gathers the next meanwhile (its own scheme, unlike Raft's window).
  static func multiPaxos(servers: Int, batching: Bool, seed: UInt64 = 1) throws -> ReplicationMeasurement {
    try closedLoop(
      label: "Multi-Paxos", servers: servers, batching: batching, seed: seed,
      operation: { client, index in .append(client.rawValue * 1000 + index) },
      isLeader: { (node: MultiPaxos) in node.server?.isLeader == true }
    ) { id, servers in
      servers.contains(id)
        ? .server(id: id, peers: servers, maxBatch: batching ? 8 : 1) : .client(id: id, servers: servers)
    }
  }

  /// Runs servers n1…n`servers` and clients n101… on the measurement network until every
  /// operation has ended, then measures the run with the final leader.
  static func closedLoop<N: Node>(
    label: String, servers: Int, batching: Bool, clients: Int = 10, operations: Int = 40, seed: UInt64,
    operation: @escaping (NodeID, Int) -> N.Operation, isLeader: (N) -> Bool,
    make: @escaping (NodeID, [NodeID]) -> N
  ) throws -> ReplicationMeasurement {
    let serverIDs = (1...servers).map { NodeID($0) }
    let clientIDs = (0..<clients).map { NodeID(101 + $0) }
    let trace = TraceLog()
    let workload = Workload<N.Operation>(
      clients: clientIDs, operationsPerClient: operations, thinkTime: .fixed(.zero), timeout: .seconds(2),
      startAt: warmUp
    ) { client, index, _ in operation(client, index) }
    let sim = try Simulator<N>(
      nodes: serverIDs + clientIDs, seed: seed, network: network, workload: workload, trace: trace,
      label: "\(label) throughput"
    ) { make($0, serverIDs) }
    sim.run(until: { $0.history.endedCount >= clients * operations }, timeLimit: .seconds(30))
    let leader = serverIDs.first { sim.node($0).map(isLeader) == true } ?? serverIDs[0]
    return measure(sim, trace: trace, leader: leader, label: label, servers: servers, batching: batching)
  }
}
