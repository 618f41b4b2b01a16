import Consensus
import Simulation

/// The lab's standard run of the key-value store on Raft, shared by the graded suite, `distlab
/// simulate raft-kv` and `make demo`: five servers and a few clients doing gets, puts and appends
/// on a handful of keys, while the network misbehaves.
public struct KeyValueScenario: Sendable {
  /// Which faults the run injects.
  public enum Faults: String, Sendable, CaseIterable {
    /// None: a healthy cluster.
    case none
    /// The flagship story: the leader is cut off with one client (a partition), the rest elect a
    /// new leader, the partition heals, a server crashes and restarts.
    case isolateLeader = "isolate-leader"
    /// Random partitions and crash-restarts, 10% loss, duplication and reordering, for 6 s.
    case chaos
  }

  /// Raft servers, s1…s`servers` (node IDs 1…).
  public var servers = 5
  /// Clients, c1…c`clients` (node IDs 101…); c1 only reads.
  public var clients = 3
  public var operationsPerClient = 60
  /// The keys the clients use, each chosen at random per operation.
  public var keys = ["x", "y", "z"]
  public var faults = Faults.isolateLeader
  /// The servers' options: reads with a read index, a snapshot every 25 applied entries.
  public var options = RaftOptions().with {
    $0.readMode = .readIndex
    $0.snapshotThreshold = 25
  }
  /// Faults added to the scenario's own (for tests that want more of one kind).
  public var extraFaults: [Nemesis] = []
  /// Fixes every random choice of the run (and of the chaos schedule).
  public var seed: UInt64

  /// The standard scenario with this seed.
  public init(seed: UInt64) { self.seed = seed }

  public typealias Cluster = Raft<KeyValueStore>

  /// The servers' node IDs.
  public var serverIDs: [NodeID] { (1...servers).map { NodeID($0) } }
  /// The clients' node IDs.
  public var clientIDs: [NodeID] { (0..<clients).map { NodeID(101 + $0) } }

  /// Builds the simulator (nothing runs until you call a run method, e.g. `runStory`).
  /// - Throws: `SimulationConfigurationError` naming the setting that is out of range.
  public func simulator(trace: (any TraceSink)? = nil) throws -> Simulator<Cluster> {
    // The story needs a client to cut off with the leader, and a follower to crash.
    if servers < 3 { throw SimulationConfigurationError.invalidRange(field: "servers", reason: "\(servers) is fewer than 3") }
    if clients < 1 { throw SimulationConfigurationError.invalidRange(field: "clients", reason: "\(clients) is fewer than 1") }
    if keys.isEmpty { throw SimulationConfigurationError.invalidRange(field: "keys", reason: "no keys") }
    let servers = serverIDs
    let keys = keys
    let clientIDs = clientIDs
    let workload = Workload<Cluster.Operation>(
      clients: clientIDs, operationsPerClient: operationsPerClient,
      thinkTime: .uniform(.milliseconds(5), .milliseconds(40)), timeout: .milliseconds(800)
    ) { client, index, random in
      // The first client only reads (in the story it is the one left with the old leader);
      // the others read two operations in five.
      let key = keys[random.index(below: keys.count)]
      let reads = client == clientIDs.first ? 5 : 2
      switch random.index(below: 5) {
      case let roll where roll < reads: return .command(.get(key))
      case 2, 4: return .command(.put(key, "c\(client.rawValue - 100).\(index)"))
      default: return .command(.append(key, "+c\(client.rawValue - 100).\(index)"))
      }
    }
    var nemeses = extraFaults
    if faults == .chaos {
      nemeses += [
        .drop(0.1), .duplicate(0.05), .reorder(0.2, by: .uniform(.milliseconds(1), .milliseconds(30))),
        .schedule(Self.chaosSchedule(servers: servers, clients: clientIDs, seed: seed)),
      ]
    }
    let options = options
    var names: [NodeID: String] = [:]
    for id in servers { names[id] = "s\(id.rawValue)" }
    for (i, id) in clientIDs.enumerated() { names[id] = "c\(i + 1)" }
    return try Simulator<Cluster>(
      nodes: servers + clientIDs, names: names, seed: seed, faults: nemeses, workload: workload, trace: trace,
      label: "raft-kv"
    ) { id in
      servers.contains(id)
        ? .server(RaftServer(id: id, bootstrap: servers, options: options))
        : .client(RaftClient(servers: servers, retryInterval: .milliseconds(100)))
    }
  }

  /// Runs the scenario's story to the end: under `.isolateLeader`, waits for a leader, cuts it
  /// off with the first client for 1 s, heals, crashes another server and restarts it; then lets
  /// the workload finish. Returns what happened, as lines for a reader, and how the last run ended.
  @discardableResult
  public func runStory(_ sim: Simulator<Cluster>) throws -> (story: [String], summary: RunSummary) {
    var story: [String] = []
    func leader() -> NodeID? {
      serverIDs.filter { sim.node($0)?.server?.role == .leader }
        .max { (sim.storage(of: $0)?.currentTerm ?? 0) < (sim.storage(of: $1)?.currentTerm ?? 0) }
    }
    if faults == .isolateLeader {
      sim.run(until: { _ in leader() != nil && sim.history.events.count > 20 }, timeLimit: .seconds(5))
      if let old = leader() {
        let client = clientIDs[0]
        try sim.apply(.partition([[old, client], serverIDs.filter { $0 != old } + clientIDs.dropFirst()]))
        story.append("\(sim.now.compactDescription): isolated leader \(sim.name(of: old)) with client \(sim.name(of: client))")
        sim.run(for: .seconds(1))
        try sim.apply(.heal)
        story.append("\(sim.now.compactDescription): healed; leader is now \(leader().map(sim.name(of:)) ?? "none")")
        sim.run(for: .milliseconds(200))
        if let victim = serverIDs.first(where: { $0 != leader() && $0 != old }) {
          try sim.apply(.crash(victim))
          story.append("\(sim.now.compactDescription): crashed \(sim.name(of: victim))")
          sim.run(for: .milliseconds(500))
          try sim.apply(.restart(victim))
          story.append("\(sim.now.compactDescription): restarted \(sim.name(of: victim))")
        }
      }
    }
    let total = clients * operationsPerClient
    let summary = sim.run(until: { $0.history.endedCount >= total }, timeLimit: .seconds(60))
    sim.run(for: .milliseconds(200))
    story.append("\(sim.now.compactDescription): workload finished")
    return (story, summary)
  }

  /// Partitions of random minorities and crash-restarts of random servers during the first 6 s.
  static func chaosSchedule(servers: [NodeID], clients: [NodeID], seed: UInt64) -> FaultSchedule {
    var random = SimulationRandom(seed: seed &* 6_364_136_223_846_793_005 &+ 1)
    var entries: [FaultSchedule.Entry] = []
    var at = 300
    while at < 6_000 {
      if random.chance(0.5) {
        let minority = Array(servers.shuffled(using: &random).prefix(servers.count / 2))
        entries.append(.init(at: .milliseconds(at), .partition([minority, servers.filter { !minority.contains($0) }])))
      } else {
        let victim = servers[random.index(below: servers.count)]
        entries.append(.init(at: .milliseconds(at), .crash(victim)))
        entries.append(.init(at: .milliseconds(at + 100 + random.index(below: 400)), .restart(victim)))
      }
      let length = 200 + random.index(below: 600)
      entries.append(.init(at: .milliseconds(at + length), .heal))
      at += length + 100 + random.index(below: 300)
    }
    entries.sort { $0.at < $1.at }
    return FaultSchedule(entries)
  }
}
