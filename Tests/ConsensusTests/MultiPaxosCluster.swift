import Consensus
import Simulation
import Workbook

/// The Multi-Paxos clusters the tests run: servers n1…nN and clients n101, n102, …; client `c`
/// appends `1000·c + k` as its k-th command (k from 0). With `DISTLAB_TRACE` set, a run saves its trace.
enum MultiPaxosCluster {
  static func servers(_ count: Int) -> [NodeID] { (1...count).map { NodeID($0) } }
  static func clients(_ count: Int) -> [NodeID] { (1...count).map { NodeID(100 + $0) } }

  static func simulator(
    servers serverCount: Int, clients clientCount: Int, operations: Int, seed: UInt64,
    faults: [Nemesis] = [], maxBatch: Int = 1, thinkTime: DelayDistribution = .uniform(.milliseconds(1), .milliseconds(10)),
    timeout: Duration = .seconds(30), startAt: Duration = .milliseconds(10)
  ) throws -> Simulator<MultiPaxos> {
    let servers = servers(serverCount)
    let clients = clients(clientCount)
    let workload = Workload<MultiPaxos.Operation>(
      clients: clients, operationsPerClient: operations, thinkTime: thinkTime, timeout: timeout, startAt: startAt
    ) { client, index, _ in .append(1000 * client.rawValue + index) }
    return try Simulator<MultiPaxos>(
      nodes: servers + clients, seed: seed, faults: faults, workload: workload, trace: TraceRecording.log(),
      label: "multipaxos"
    ) { id in
      id.rawValue > 100
        ? .client(id: id, servers: servers) : .server(id: id, peers: servers, maxBatch: maxBatch)
    }
  }

  /// The running servers that believe they lead.
  static func leaders(_ sim: Simulator<MultiPaxos>) -> [NodeID] {
    sim.nodeIDs.filter { sim.node($0)?.server?.isLeader == true }
  }

  /// How many commands the clients have had acknowledged (cheap enough to test after every event).
  static func acknowledgedCount(_ sim: Simulator<MultiPaxos>) -> Int {
    sim.nodeIDs.reduce(0) { $0 + (sim.node($1)?.client?.acknowledged.count ?? 0) }
  }

  /// Every acknowledgement the clients received.
  static func acknowledged(_ sim: Simulator<MultiPaxos>) -> [MultiPaxos.Acknowledgement] {
    sim.nodeIDs.flatMap { sim.node($0)?.client?.acknowledged ?? [] }
  }

  /// What is wrong with the logs, as text (empty when all is well):
  /// - a slot chosen with different values on two servers;
  /// - two running servers' applied logs of which neither is a prefix of the other;
  /// - a command applied twice, or one no client issued;
  /// - an acknowledged command missing from its slot or from an applied log that got past it.
  static func problems(_ sim: Simulator<MultiPaxos>) -> [String] {
    let servers = sim.nodeIDs.filter { $0.rawValue <= 100 }
    return problems(
      servers: servers.map { ($0, sim.storage(of: $0), sim.node($0)?.server) }, acknowledged: acknowledged(sim))
  }

  /// The same check on a state of the explorer.
  static func problems(_ state: SearchState<MultiPaxos>) -> [String] {
    let servers = state.nodeIDs.filter { $0.rawValue <= 100 }
    return problems(
      servers: servers.map { ($0, state.storage(of: $0), state.node($0)?.server) },
      acknowledged: state.nodeIDs.flatMap { state.node($0)?.client?.acknowledged ?? [] })
  }

  /// The check itself, on each server's stable storage and (while it runs) volatile state.
  static func problems(
    servers: [(id: NodeID, storage: MultiPaxos.Storage?, server: MultiPaxos.Server?)],
    acknowledged: [MultiPaxos.Acknowledgement]
  ) -> [String] {
    var problems: [String] = []
    var chosen: [Int: (NodeID, MultiPaxos.Batch)] = [:]
    for (id, storage, _) in servers {
      guard let storage else { continue }
      for slot in storage.chosen.keys.sorted() {
        let value = storage.chosen[slot]!
        if let (other, first) = chosen[slot] {
          if first != value { problems.append("slot \(slot): \(other) chose \(first), \(id) chose \(value)") }
        } else {
          chosen[slot] = (id, value)
        }
      }
    }
    let logs = servers.compactMap { id, _, server in server.map { (id, $0.applied, $0.firstUnapplied) } }
    var appliedSets: [(NodeID, Set<MultiPaxos.Command>, Int)] = []
    for (id, log, firstUnapplied) in logs {
      var seen: Set<MultiPaxos.Command> = []
      for command in log {
        if !seen.insert(command).inserted { problems.append("\(id) applied \(command) twice") }
        if command.value != 1000 * command.client.rawValue + command.sequence - 1 {
          problems.append("\(id) applied \(command), which its client never issued")
        }
      }
      appliedSets.append((id, seen, firstUnapplied))
    }
    for (a, logA, _) in logs {
      for (b, logB, _) in logs where a < b {
        let common = min(logA.count, logB.count)
        if let i = (0..<common).first(where: { logA[$0] != logB[$0] }) {
          problems.append("applied logs of \(a) and \(b) differ at position \(i): \(logA[i]) vs \(logB[i])")
        }
      }
    }
    for ack in acknowledged {
      if let (id, value) = chosen[ack.slot], !value.commands.contains(ack.command) {
        problems.append("acknowledged \(ack) but \(id) chose \(value) there")
      }
      for (id, applied, firstUnapplied) in appliedSets where firstUnapplied > ack.slot && !applied.contains(ack.command) {
        problems.append("acknowledged \(ack) is missing from the applied log of \(id)")
      }
    }
    return problems
  }
}
