import Consensus
import Simulation
import Testing
import Workbook

/// Lab 07, part 3: Multi-Paxos with a stable leader.
@Suite("Lab 07 · Multi-Paxos")
struct MultiPaxosTests {
  @Test(
    "Normal case: one phase 1, then one round trip and 2(N−1) server messages per command", .points(5),
    arguments: [3, 5])
  func normalCase(size: Int) throws {
    let operations = 40
    let sim = try MultiPaxosCluster.simulator(
      servers: size, clients: 2, operations: operations, seed: 1, startAt: .milliseconds(500))
    sim.run(until: .milliseconds(500))
    let leaders = MultiPaxosCluster.leaders(sim)
    try #require(leaders.count == 1, "one leader after 500 ms, not \(leaders)")
    let leader = leaders[0]
    let before = sim.node(leader)!.server!.counters
    let ballotsBefore = MultiPaxosCluster.servers(size).map { sim.node($0)!.server!.counters.ballotsStarted }
    let start = sim.now
    sim.run(for: .seconds(2))
    let elapsed = sim.now - start
    let after = sim.node(leader)!.server!.counters
    let commands = 2 * operations

    let completions = sim.history.events.filter { $0.type != .invoke }
    #expect(completions.count == commands && completions.allSatisfy { $0.type == .ok }, "\(sim.history.jsonLines)")
    #expect(MultiPaxosCluster.problems(sim) == [])
    #expect(MultiPaxosCluster.servers(size).map { sim.node($0)!.server!.counters.ballotsStarted } == ballotsBefore,
      "no server ran phase 1 again")
    #expect(after.commandsProposed - before.commandsProposed == commands)
    #expect(MultiPaxosCluster.servers(size).allSatisfy { sim.node($0)!.server!.applied.count == commands })

    // One round trip: client → leader → followers → leader → client is four 1 ms hops, for every
    // command but each client's first (which may go to a follower and be redirected).
    var latencies: [Duration] = []
    var invoked: [Int: Duration] = [:]
    var first: Set<Int> = []
    for event in sim.history.events {
      if event.type == .invoke {
        invoked[event.process] = event.time
      } else if !first.insert(event.process).inserted {
        latencies.append(event.time - invoked[event.process]!)
      }
    }
    #expect(latencies.count == commands - 2 && latencies.allSatisfy { $0 <= .milliseconds(4) }, "\(latencies)")

    // Per command: N−1 accepts out and N−1 acceptances in, plus the request and the reply.
    // Heartbeats go out only when nothing else does, one per follower per interval at most.
    let sent = after.messagesSent - before.messagesSent
    let received = after.messagesReceived - before.messagesReceived
    let heartbeats = after.heartbeatsSent - before.heartbeatsSent
    let perCommand = Double(sent + received - heartbeats - 2 * commands) / Double(commands)
    #expect(perCommand >= Double(2 * (size - 1)) && perCommand <= Double(2 * (size - 1)) + 0.5,
      "server-to-server messages per command: \(perCommand), for N = \(size)")
    let intervals = Int(elapsed / .milliseconds(20)) + 1
    #expect(heartbeats <= intervals * (size - 1), "\(heartbeats) heartbeats in \(elapsed)")
  }

  @Test("Phase 1: a new leader learns what promises report chosen, re-proposes the highest-ballot value in every other slot, and fills holes with no-ops",
    .points(5))
  func newLeaderChoosesValues() {
    typealias Ballot = MultiPaxos.Ballot
    func batch(_ client: NodeID, _ sequence: Int) -> MultiPaxos.Batch {
      MultiPaxos.Batch([MultiPaxos.Command(client: client, sequence: sequence, value: 1000 * client.rawValue + sequence - 1)])
    }
    func sends(_ effects: [Effect<MultiPaxos>]) -> [(MultiPaxos.Message, NodeID)] {
      effects.compactMap { if case .send(let message, let to) = $0 { (message, to) } else { nil } }
    }
    var storage = MultiPaxos.Storage()
    storage.lastRound = 5
    var node = MultiPaxos.server(id: 1, peers: [1, 2, 3, 4, 5])
    var boot = Context<MultiPaxos>(me: 1, now: .seconds(1), storage: storage)
    node.start(context: &boot)
    // Long after any election timeout: n1 starts phase 1 with a ballot above round 5.
    var timeout = Context<MultiPaxos>(me: 1, now: .seconds(10), storage: boot.storage)
    node.timerFired(.election, context: &timeout)
    let prepares = sends(timeout.effects).compactMap { message, to -> (Ballot, Int, NodeID)? in
      if case .prepare(let b, let from) = message { (b, from, to) } else { nil }
    }
    #expect(prepares.map(\.2) == [2, 3, 4, 5] && prepares.allSatisfy { $0.0 == prepares[0].0 && $0.1 == 0 },
      "\(timeout.effects)")
    guard let b = prepares.first?.0 else { return }
    #expect(b.round > 5 && b.node == 1 && timeout.storage.lastRound >= b.round, "ballot \(b), logged round \(timeout.storage.lastRound)")

    // n2 accepted slot 0 in ballot 2.3 and slot 2 in 3.2; n3 accepted slot 0 in the higher 4.4 and
    // knows slot 3 is chosen. With n1's own promise that is a majority of five.
    var phase2 = Context<MultiPaxos>(me: 1, now: .seconds(10), storage: timeout.storage)
    node.receive(
      .promise(
        b, accepted: [0: .init(ballot: Ballot(round: 2, node: 3), value: batch(101, 1)), 2: .init(ballot: Ballot(round: 3, node: 2), value: batch(102, 1))],
        chosen: []),
      from: 2, context: &phase2)
    #expect(sends(phase2.effects).isEmpty, "two promises of five are not enough: \(phase2.effects)")
    node.receive(
      .promise(
        b, accepted: [0: .init(ballot: Ballot(round: 4, node: 4), value: batch(103, 1))],
        chosen: [MultiPaxos.Entry(slot: 3, value: batch(104, 1))]),
      from: 3, context: &phase2)
    let expected = [
      MultiPaxos.Entry(slot: 0, value: batch(103, 1)), MultiPaxos.Entry(slot: 1, value: .noOp),
      MultiPaxos.Entry(slot: 2, value: batch(102, 1)),
    ]
    let accepts = sends(phase2.effects).compactMap { message, to -> ([MultiPaxos.Entry], NodeID)? in
      if case .accept(let ballot, let entries, _) = message, ballot == b { (entries.sorted { $0.slot < $1.slot }, to) } else { nil }
    }
    #expect(accepts.map(\.1) == [2, 3, 4, 5] && accepts.allSatisfy { $0.0 == expected }, "\(phase2.effects)")
    #expect(node.server?.isLeader == true)
    #expect(phase2.storage.chosen[3] == batch(104, 1), "the chosen slot 3 reported by n3 is learned")
    #expect(phase2.storage.accepted[0] == MultiPaxos.Acceptance(ballot: b, value: batch(103, 1)),
      "the leader accepts its own proposals")
  }

  @Test(
    "Safety: one value per slot and applied logs that are prefixes of one another, under loss, duplication, reordering, partitions and crash-restarts",
    .points(10), .seeds(20), arguments: zip([3, 5, 5], [1, 1, 8]))
  func safeUnderFaults(size: Int, maxBatch: Int) throws {
    let sim = try MultiPaxosCluster.simulator(
      servers: size, clients: 3, operations: 1_000, seed: Seeds.current &* 7 &+ UInt64(size + maxBatch),
      faults: [
        .drop(0.1), .duplicate(0.1), .reorder(0.2, by: .uniform(.milliseconds(1), .milliseconds(20))),
        .randomPartitions(every: .uniform(.milliseconds(200), .milliseconds(500)), lasting: .uniform(.milliseconds(50), .milliseconds(300))),
        .randomCrashes(every: .uniform(.milliseconds(150), .milliseconds(400)), downFor: .uniform(.milliseconds(20), .milliseconds(200))),
      ],
      maxBatch: maxBatch, thinkTime: .uniform(.zero, .milliseconds(5)), timeout: .seconds(1))
    var checks = 0
    while sim.now < .seconds(3) {
      sim.run(for: .milliseconds(50))
      let problems = MultiPaxosCluster.problems(sim)
      #expect(problems == [], "at \(sim.now)")
      if !problems.isEmpty { return }
      checks += 1
    }
    #expect(checks >= 60)
    #expect(sim.statistics.crashes >= 5)
    let acknowledged = MultiPaxosCluster.acknowledged(sim).count
    #expect(acknowledged >= 20, "the check means little if few commands get through: \(acknowledged)")
    #expect(sim.issues == [])
  }

  @Test("Batching: commands that arrive while a round is in flight share a slot, for far fewer messages per command", .points(5))
  func batching() throws {
    let clients = 10
    let operations = 30
    let commands = clients * operations
    /// Messages per command on the network, and commands per slot at the leader.
    func measure(maxBatch: Int) throws -> (messages: Double, batch: Double, largest: Int) {
      let sim = try MultiPaxosCluster.simulator(
        servers: 5, clients: clients, operations: operations, seed: 1, maxBatch: maxBatch,
        thinkTime: .uniform(.zero, .milliseconds(1)), startAt: .milliseconds(500))
      sim.run(until: .milliseconds(500))
      let sent = sim.statistics.sent
      let end = sim.run(until: { MultiPaxosCluster.acknowledgedCount($0) == commands }, timeLimit: .seconds(5))
      #expect(end.end == .predicateHeld, "maxBatch \(maxBatch): \(sim.history.count(of: .ok)) of \(commands) done")
      #expect(MultiPaxosCluster.problems(sim) == [])
      let leaders = MultiPaxosCluster.leaders(sim)
      try #require(leaders.count == 1)
      let counters = sim.node(leaders[0])!.server!.counters
      let largest = sim.storage(of: leaders[0])!.chosen.values.map(\.commands.count).max() ?? 0
      return (
        Double(sim.statistics.sent - sent) / Double(commands),
        Double(counters.commandsProposed) / Double(counters.slotsProposed), largest
      )
    }
    let single = try measure(maxBatch: 1)
    let batched = try measure(maxBatch: 8)
    #expect(single.batch == 1 && single.largest == 1)
    #expect(batched.batch >= 2 && batched.largest <= 8, "\(batched.batch) commands per slot, at most \(batched.largest)")
    #expect(batched.messages <= single.messages / 2,
      "messages per command: \(single.messages) one per slot, \(batched.messages) batched")
  }

  @Test(
    "Leader failover: a new leader takes over, every acknowledged command stays at its slot, and each command is applied once",
    .points(5), .seeds(20))
  func failover() throws {
    let operations = 50
    let sim = try MultiPaxosCluster.simulator(
      servers: 5, clients: 3, operations: operations, seed: Seeds.current,
      faults: [.drop(0.05), .duplicate(0.1), .reorder(0.2, by: .uniform(.milliseconds(1), .milliseconds(10)))])
    let ready = sim.run(
      until: { MultiPaxosCluster.leaders($0).count == 1 && MultiPaxosCluster.acknowledgedCount($0) >= 10 },
      timeLimit: .seconds(2))
    try #require(ready.end == .predicateHeld, "no leader with 10 commands acknowledged by 2 s")
    let old = MultiPaxosCluster.leaders(sim)[0]
    let acknowledgedBefore = MultiPaxosCluster.acknowledged(sim).count
    try sim.apply(.crash(old))
    let takeover = sim.run(until: { MultiPaxosCluster.leaders($0).count == 1 }, timeLimit: .seconds(1))
    #expect(takeover.end == .predicateHeld, "no new leader within 1 s of the crash of \(old)")
    sim.run(for: .milliseconds(300))
    #expect(MultiPaxosCluster.problems(sim) == [])
    try sim.apply(.restart(old))
    let commands = 3 * operations
    sim.run(until: { MultiPaxosCluster.acknowledgedCount($0) == commands }, timeLimit: .seconds(10))
    sim.run(for: .milliseconds(500))

    #expect(MultiPaxosCluster.problems(sim) == [])
    #expect(acknowledgedBefore > 0 && MultiPaxosCluster.acknowledged(sim).count == commands,
      "acknowledged \(acknowledgedBefore) before the crash, \(MultiPaxosCluster.acknowledged(sim).count) of \(commands) in all")
    // Every server, the restarted one too, applied every command once, in the same order, and each
    // acknowledged command sits in the chosen log at the slot its client was told.
    let reference = sim.node(1)!.server!.applied
    #expect(reference.count == commands && Set(reference).count == commands)
    for id in MultiPaxosCluster.servers(5) {
      let server = sim.node(id)!.server!
      #expect(server.applied == reference, "\(id) applied \(server.applied.count) commands")
      let storage = sim.storage(of: id)!
      for ack in MultiPaxosCluster.acknowledged(sim) {
        #expect(storage.chosen[ack.slot]?.commands.contains(ack.command) == true, "\(id) lacks \(ack)")
      }
    }
    #expect(sim.issues == [])
  }

  @Test("Liveness: once partitions heal and crashes stop, every client operation completes", .points(5), .seeds(20))
  func liveOnceStable() throws {
    // During the first second: a random split or isolation every 100–250 ms, and a crash-restart.
    var random = SimulationRandom(seed: Seeds.current &* 131)
    var schedule: [String] = []
    var at = 50
    while at < 1_000 {
      let a = 1 + Int(random.next() % 5)
      let b = 1 + (a + Int(random.next() % 4)) % 5
      let rest = (1...5).filter { $0 != a && $0 != b }.map { "n\($0)" }.joined(separator: ",")
      schedule.append(random.next() % 2 == 0 ? "at \(at)ms partition n\(a),n\(b)|\(rest)" : "at \(at)ms isolate n\(a)")
      schedule.append("at \(at + 20)ms crash n\(b); at \(at + 60)ms restart n\(b)")
      at += 100 + Int(random.next() % 150)
    }
    schedule.append("at \(at)ms heal")
    let operations = 30
    let sim = try MultiPaxosCluster.simulator(
      servers: 5, clients: 3, operations: operations, seed: Seeds.current,
      faults: [
        .drop(0.05), .duplicate(0.05), .reorder(0.1),
        .schedule(try FaultSchedule.parse(schedule.joined(separator: "; "))),
      ])
    let commands = 3 * operations
    let end = sim.run(until: { MultiPaxosCluster.acknowledgedCount($0) == commands }, timeLimit: .seconds(6))
    #expect(end.end == .predicateHeld, "\(sim.history.count(of: .ok)) of \(commands) completed by \(sim.now)")
    sim.run(for: .milliseconds(300))
    #expect(MultiPaxosCluster.problems(sim) == [])
    let logs = MultiPaxosCluster.servers(5).map { sim.node($0)?.server?.applied.count ?? -1 }
    #expect(logs == Array(repeating: commands, count: 5), "applied commands per server: \(logs)")
  }

  @Test("Dueling leaders: a leader cut off with a follower keeps leading while the majority elects another; still safe once healed",
    .points(5), .seeds(20))
  func duelingLeaders() throws {
    let sim = try MultiPaxosCluster.simulator(
      servers: 5, clients: 3, operations: 1_000, seed: Seeds.current,
      faults: [.duplicate(0.1), .reorder(0.2, by: .uniform(.milliseconds(1), .milliseconds(10)))],
      timeout: .seconds(1))
    var random = SimulationRandom(seed: Seeds.current &* 977)
    var sawTwoLeaders = false
    func check(for duration: Duration) {
      let until = sim.now + duration
      while sim.now < until {
        sim.run(for: .milliseconds(20))
        sawTwoLeaders = sawTwoLeaders || MultiPaxosCluster.leaders(sim).count >= 2
        let problems = MultiPaxosCluster.problems(sim)
        #expect(problems == [], "at \(sim.now)")
        if !problems.isEmpty { return }
      }
    }
    check(for: .milliseconds(300))
    for _ in 0..<2 {
      let leaders = MultiPaxosCluster.leaders(sim)
      try #require(leaders.count == 1, "one leader at \(sim.now), not \(leaders)")
      let others = MultiPaxosCluster.servers(5).filter { $0 != leaders[0] }
      let companion = others[Int(random.next() % 4)]
      let majority = others.filter { $0 != companion }
      try sim.apply(.partition([[leaders[0], companion], majority]))
      check(for: .milliseconds(400))
      try sim.apply(.heal)
      check(for: .milliseconds(400))
    }
    #expect(sawTwoLeaders, "the old leader never overlapped with a new one")
    #expect(MultiPaxosCluster.leaders(sim).count == 1, "one leader after healing: \(MultiPaxosCluster.leaders(sim))")
    #expect(MultiPaxosCluster.acknowledged(sim).count >= 50)
  }

  @Test("Random-walk search: servers electing and re-electing leaders never choose two values for a slot, with drops and a crash-restart",
    .points(5))
  func searchSafety() {
    let servers: [NodeID] = [1, 2, 3]
    let client: NodeID = 101
    let explorer = Explorer<MultiPaxos>(nodes: servers + [client], faults: ExplorationFaults(drops: 2, crashes: 1, restarts: true)) { id in
      id == client
        ? .client(id: id, servers: servers, script: [101_000, 101_001])
        : .server(id: id, peers: servers)
    }
    .invariant("one value per slot, consistent applied logs") { MultiPaxosCluster.problems($0).isEmpty }
    let walks = explorer.randomWalks(400, depth: 100, seed: 3)
    #expect(walks.outcome == .walksCompleted(400), "\(walks.report)")
    let acknowledged = explorer.goal("both commands acknowledged") { state in
      state.node(client)?.client?.acknowledged.count == 2
    }
    .randomWalks(400, depth: 100, seed: 3)
    #expect(acknowledged.reachedGoal, "\(acknowledged.report)")
  }
}
