import Consensus
import Simulation

/// Closed-loop runs of Multi-Paxos, the same way `RaftMeasurement` runs Raft.
enum MultiPaxosMeasurement {
  /// With batching, the leader keeps one batch of up to 8 commands in flight and gathers what
  /// arrives meanwhile (Multi-Paxos's own scheme; Raft's waits a 2 ms window instead).
  static func run(servers: Int, batching: Bool, clients: Int = 10, operations: Int = 40, seed: UInt64 = 1) throws
    -> ReplicationMeasurement
  {
    let serverIDs = (1...servers).map { NodeID($0) }
    let clientIDs = (0..<clients).map { NodeID(101 + $0) }
    let trace = TraceLog()
    let workload = Workload<MultiPaxos.Operation>(
      clients: clientIDs, operationsPerClient: operations, thinkTime: .fixed(.zero), timeout: .seconds(2),
      startAt: ReplicationMeasurement.warmUp
    ) { client, index, _ in .append(client.rawValue * 1000 + index) }
    let sim = try Simulator<MultiPaxos>(
      nodes: serverIDs + clientIDs, seed: seed, network: ReplicationMeasurement.network, workload: workload,
      trace: trace, label: "multipaxos-throughput"
    ) { id in
      serverIDs.contains(id)
        ? .server(id: id, peers: serverIDs, maxBatch: batching ? 8 : 1) : .client(id: id, servers: serverIDs)
    }
    let total = clients * operations
    sim.run(
      until: { sim in clientIDs.reduce(0) { $0 + (sim.node($1)?.client?.acknowledged.count ?? 0) } >= total },
      timeLimit: .seconds(30))
    let leader = serverIDs.first { sim.node($0)?.server?.isLeader == true } ?? serverIDs[0]
    return ReplicationMeasurement.measure(
      sim, trace: trace, leader: leader, label: "Multi-Paxos", servers: servers, batching: batching)
  }
}
