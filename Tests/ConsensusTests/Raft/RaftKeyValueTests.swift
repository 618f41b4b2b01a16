import Checker
import Consensus
import KeyValueOnRaft
import Simulation
import Testing
import Workbook

/// Lab 07, part 5: a linearizable key-value store on Raft, judged by the history checker.
@Suite("Lab 07 · Raft · key-value store")
struct RaftKeyValueTests {
  /// Runs the scenario and checks its history for linearizability.
  static func check(_ scenario: KeyValueScenario) throws -> (result: LinearizabilityResult, sim: Simulator<Raft<KeyValueStore>>) {
    let sim = try scenario.simulator(trace: TraceRecording.log())
    try scenario.runStory(sim)
    let history = try HistoryReader.parse(sim.history.jsonLines, file: "raft-kv seed \(scenario.seed)")
    return (try ModelCatalog.checkLinearizability(history, model: "kv"), sim)
  }

  /// The command that re-runs one seed of a scenario and checks it (`example` as `distlab simulate --list` names it).
  static func replay(_ example: String, operations: Int = 30) -> String {
    "swift run distlab simulate \(example) --seed \(Seeds.current) --operations \(operations) --out /tmp/kv && swift run distlab check /tmp/kv/history.jsonl --model kv"
  }

  @Test("Linearizable when the leader is cut off with a client, then a server crashes and restarts",
    .points(10), .seeds(20))
  func linearizableAcrossLeaderIsolation() throws {
    var scenario = KeyValueScenario(seed: Seeds.current)
    scenario.operationsPerClient = 40
    let (result, sim) = try Self.check(scenario)
    #expect(result.verdict == .linearizable, "replay: \(Self.replay("raft-kv", operations: 40))")
    let ok = sim.history.count(of: .ok)
    #expect(ok >= 90, "only \(ok) of 120 operations succeeded")
    #expect(sim.statistics.crashes == 1 && sim.statistics.droppedByPartition > 0)
  }

  @Test("Linearizable under chaos: loss, duplication, reordering, partitions and crash-restarts, with snapshots",
    .points(10), .seeds(20))
  func linearizableUnderChaos() throws {
    var scenario = KeyValueScenario(seed: Seeds.current)
    scenario.faults = .chaos
    scenario.operationsPerClient = 30
    let (result, sim) = try Self.check(scenario)
    #expect(result.verdict == .linearizable, "replay: \(Self.replay("raft-kv-chaos"))")
    #expect(sim.history.count(of: .ok) >= 45)
    let compacted = scenario.serverIDs.filter { (sim.storage(of: $0)?.log.snapshotIndex ?? 0) > 0 }
    #expect(!compacted.isEmpty, "no server took a snapshot")
  }

  @Test("Reads through the log are linearizable too", .points(5), .seeds(10))
  func readsThroughTheLog() throws {
    var scenario = KeyValueScenario(seed: Seeds.current)
    scenario.options.readMode = .log
    scenario.operationsPerClient = 30
    let (result, sim) = try Self.check(scenario)
    #expect(result.verdict == .linearizable, "replay: \(Self.replay("raft-kv") + " (with reads through the log)")")
    #expect(sim.history.count(of: .ok) >= 60)
  }

  @Test("Exactly once: with half of all messages duplicated and a tenth lost, clients retry and each append lands once",
    .points(5), .seeds(10))
  func exactlyOnce() throws {
    var scenario = KeyValueScenario(seed: Seeds.current)
    scenario.faults = .none
    scenario.extraFaults = [.duplicate(0.5), .drop(0.1)]
    scenario.operationsPerClient = 25
    let (result, sim) = try Self.check(scenario)
    #expect(result.verdict == .linearizable, "replay: \(Self.replay("raft-kv", operations: 25)) (with the suite's faults instead: --faults '' --drop 0.1, and 50% duplication)")
    for id in scenario.serverIDs {
      let store = sim.node(id)?.server?.state.machine.values ?? [:]
      let appended = store.values.flatMap { $0.split(separator: "+") }
      #expect(Set(appended).count == appended.count, "\(id) applied an append twice: \(store)")
    }
    #expect(sim.history.count(of: .ok) >= 60)
  }

  @Test("A scenario with no clients or too few servers is a configuration error naming the setting")
  func badScenario() {
    var scenario = KeyValueScenario(seed: 1)
    scenario.clients = 0
    #expect(throws: SimulationConfigurationError.invalidRange(field: "clients", reason: "0 is fewer than 1")) {
      try scenario.simulator()
    }
    scenario.clients = 3
    scenario.servers = 2
    #expect(throws: SimulationConfigurationError.invalidRange(field: "servers", reason: "2 is fewer than 3")) {
      try scenario.simulator()
    }
  }

  @Test("The checker catches the broken store whose leader answers reads from its own state", .seeds(10))
  func staleReadsAreCaught() throws {
    #if DISTLAB_GRADING_SOLUTION
      return  // shows the reference's deliberately broken mode; nothing to grade
    #else
      var scenario = KeyValueScenario(seed: Seeds.current)
      scenario.options.readMode = .localWithoutCheck
      let (result, _) = try Self.check(scenario)
      #expect(result.verdict == .notLinearizable, "replay: \(Self.replay("raft-kv-stale", operations: 40))")
    #endif
  }
}
