import Consensus
import Simulation
import Workbook

typealias ListRaft = Raft<AppendOnlyList>

/// A simulated Raft cluster serving an append-only list, with clients that append distinct values,
/// and a monitor that checks Raft's safety properties after every event.
final class RaftHarness {
  let sim: Simulator<ListRaft>
  let servers: [NodeID]
  let clients: [NodeID]
  let monitor = RaftSafetyMonitor()

  /// Servers n1…n`servers` (plus `joining`, which start outside the configuration) and clients
  /// n101…; each client appends `operations` values `1000·client + k`.
  init(
    servers count: Int, joining: [NodeID] = [], clients clientCount: Int = 1, operations: Int = 0,
    seed: UInt64, options: RaftOptions = RaftOptions(), faults: [Nemesis] = [],
    clientTimeout: Duration = .seconds(1), clientRetry: Duration = .milliseconds(100),
    operation: ((NodeID, Int) -> RaftOperation<AppendOnlyList.Command>)? = nil,
    trace: TraceLog? = nil
  ) throws {
    let servers = (1...count).map { NodeID($0) }
    let clients = (0..<clientCount).map { NodeID(101 + $0) }
    self.servers = servers
    self.clients = clients
    let everyServer = servers + joining
    let workload = Workload<ListRaft.Operation>(
      clients: clients, operationsPerClient: operations, timeout: clientTimeout
    ) { client, index, _ in
      operation?(client, index) ?? .command(.append(client.rawValue * 1000 + index))
    }
    sim = try Simulator<ListRaft>(
      nodes: everyServer + clients, seed: seed, faults: faults, workload: workload,
      trace: trace ?? TraceRecording.log(), label: "raft"
    ) { id in
      if id.rawValue > 100 { return .client(RaftClient(servers: everyServer, retryInterval: clientRetry)) }
      return .server(RaftServer(id: id, bootstrap: servers.contains(id) ? servers : [], options: options))
    }
    monitor.servers = everyServer
  }

  // MARK: - Running

  /// Runs for `duration`, letting the monitor inspect the cluster before every event.
  func run(for duration: Duration) {
    sim.run(until: { [monitor] sim in monitor.observe(sim); return false }, timeLimit: duration)
    monitor.observe(sim)
  }

  /// Runs until `condition` holds (or `limit` passes); true if it held.
  @discardableResult
  func run(until condition: (RaftHarness) -> Bool, limit: Duration) -> Bool {
    let summary = sim.run(until: { sim in self.monitor.observe(sim); return condition(self) }, timeLimit: limit)
    return summary.end == .predicateHeld
  }

  // MARK: - Observing

  func server(_ id: NodeID) -> RaftServer<AppendOnlyList>? { sim.node(id)?.server }
  func storage(_ id: NodeID) -> RaftStorage<AppendOnlyList> { sim.storage(of: id) ?? RaftStorage() }
  func term(_ id: NodeID) -> Int { storage(id).currentTerm }

  /// The live servers that believe they lead, with their terms.
  var leaders: [(id: NodeID, term: Int)] {
    monitor.servers.compactMap { id in server(id)?.role == .leader ? (id, term(id)) : nil }
  }

  /// The live leader with the highest term, if any.
  var leader: NodeID? { leaders.max { $0.term < $1.term }?.id }

  /// Waits for a leader whose term no live server exceeds (a leader of the current term).
  func awaitLeader(limit: Duration = .seconds(3), excluding old: NodeID? = nil) -> NodeID? {
    let found = run(until: { h in
      guard let l = h.leader, l != old else { return false }
      let top = h.monitor.servers.filter { h.sim.isUp($0) }.map { h.term($0) }.max() ?? 0
      return h.term(l) == top
    }, limit: limit)
    return found ? leader : nil
  }

  /// The values each live server's machine holds.
  func values(_ id: NodeID) -> [Int]? { server(id)?.state.machine.values }

  /// Live servers whose applied values are not a prefix of the longest one's (must be none).
  var divergentServers: [NodeID] {
    let live = monitor.servers.compactMap { id in values(id).map { (id, $0) } }
    guard let longest = live.max(by: { $0.1.count < $1.1.count })?.1 else { return [] }
    return live.filter { !longest.starts(with: $0.1) }.map(\.0)
  }

  /// The workload's completed and acknowledged appends, with the position each was told.
  var acknowledgedAppends: [(value: Int, position: Int)] {
    var invoked: [Int: Int] = [:]  // process → value
    var result: [(Int, Int)] = []
    for event in sim.history.events {
      switch (event.type, event.value) {
      case (.invoke, .int(let v)) where event.function == "append": invoked[event.process] = v
      case (.ok, .int(let position)) where event.function == "append":
        if let v = invoked[event.process] { result.append((v, position)) }
      default: break
      }
    }
    return result
  }

  var completedOperations: Int { sim.history.count(of: .ok) }

  /// What is wrong with the cluster's end state, as text: divergent machines, an acknowledged
  /// append missing or elsewhere, a value applied twice, or the monitor's findings.
  func problems(requireAllApplied: Bool = false) -> [String] {
    var problems = monitor.violations
    let divergent = divergentServers
    if !divergent.isEmpty { problems.append("machines diverge at \(divergent)") }
    let live = monitor.servers.compactMap { values($0) }
    if let longest = live.max(by: { $0.count < $1.count }) {
      if Set(longest).count != longest.count { problems.append("a value was applied twice: \(longest)") }
      for (value, position) in acknowledgedAppends {
        if position >= longest.count {
          if requireAllApplied { problems.append("acknowledged \(value)@\(position) is not applied anywhere") }
        } else if longest[position] != value {
          problems.append("acknowledged \(value)@\(position), but position \(position) holds \(longest[position])")
        }
      }
    }
    return problems
  }
}

/// Raft's safety properties, checked on every state a run passes through: at most one leader per
/// term (Election Safety), and an index once committed anywhere always holds the same entry
/// (Leader Completeness and State Machine Safety, as a test can see them).
final class RaftSafetyMonitor {
  var servers: [NodeID] = []
  private(set) var leaderOfTerm: [Int: NodeID] = [:]
  private(set) var committed: [Int: String] = [:]
  private var checkedThrough: [NodeID: Int] = [:]
  private(set) var violations: [String] = []

  func observe(_ sim: Simulator<ListRaft>) {
    for id in servers {
      guard let server = sim.node(id)?.server, let storage = sim.storage(of: id) else {
        checkedThrough[id] = nil
        continue
      }
      let term = storage.currentTerm
      if server.role == .leader {
        if let other = leaderOfTerm[term], other != id {
          record("two leaders in term \(term): \(other) and \(id) at \(sim.now)")
        }
        leaderOfTerm[term] = id
      }
      let log = storage.log
      let from = max(log.snapshotIndex + 1, (checkedThrough[id] ?? 0) + 1)
      if server.commitIndex >= from {
        for index in from...server.commitIndex {
          guard let entry = log.entry(at: index) else { continue }
          let text = entry.description
          if let before = committed[index], before != text {
            record("index \(index) was committed as \(before), and \(id) committed \(text) at \(sim.now)")
          }
          committed[index] = text
        }
      }
      checkedThrough[id] = server.commitIndex
    }
  }

  private func record(_ violation: String) {
    if violations.count < 10 { violations.append(violation) }
  }
}
