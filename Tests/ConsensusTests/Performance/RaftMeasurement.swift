import Consensus
import Simulation

/// Closed-loop runs of Raft serving an append-only list, for the handout's performance table.
enum RaftMeasurement {
  /// `clients` clients each append `operations` values back to back on `servers` servers.
  static func run(servers: Int, batching: Bool, clients: Int = 10, operations: Int = 40, seed: UInt64 = 1) throws
    -> ReplicationMeasurement
  {
    let serverIDs = (1...servers).map { NodeID($0) }
    let clientIDs = (0..<clients).map { NodeID(101 + $0) }
    let options = RaftOptions().with { $0.batchWindow = batching ? .milliseconds(2) : nil }
    let trace = TraceLog()
    let workload = Workload<Raft<AppendOnlyList>.Operation>(
      clients: clientIDs, operationsPerClient: operations, thinkTime: .fixed(.zero), timeout: .seconds(2),
      startAt: ReplicationMeasurement.warmUp
    ) { client, index, _ in .command(.append(client.rawValue * 1000 + index)) }
    let sim = try Simulator<Raft<AppendOnlyList>>(
      nodes: serverIDs + clientIDs, seed: seed, network: ReplicationMeasurement.network, workload: workload,
      trace: trace, label: "raft-throughput"
    ) { id in
      serverIDs.contains(id)
        ? .server(RaftServer(id: id, bootstrap: serverIDs, options: options))
        : .client(RaftClient(servers: serverIDs))
    }
    let total = clients * operations
    sim.run(until: { $0.history.events.count(where: { $0.type != .invoke }) >= total }, timeLimit: .seconds(30))
    let leader = serverIDs.first { sim.node($0)?.server?.role == .leader } ?? serverIDs[0]
    return ReplicationMeasurement.measure(
      sim, trace: trace, leader: leader, label: "Raft", servers: servers, batching: batching)
  }
}
