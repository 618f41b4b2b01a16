import Checker
import Consensus
import Simulation
import Testing
import Workbook

/// Lab 07, part 5: a linearizable key-value store on Raft, judged by the history checker.
@Suite("Lab 07 · Raft · key-value store")
struct RaftKeyValueTests {
  /// Runs the scenario and checks its history for linearizability.
  static func check(_ scenario: KeyValueScenario) throws -> (result: LinearizabilityResult, sim: Simulator<Raft<KeyValueStore>>) {
    let sim = try scenario.simulator()
    try scenario.runStory(sim)
    let history = try HistoryReader.parse(sim.history.jsonLines, file: "raft-kv seed \(scenario.seed)")
    return (try ModelCatalog.checkLinearizability(history, model: "kv"), sim)
  }

  static func replay(_ faults: KeyValueScenario.Faults, reads: String = "read-index") -> String {
    "distlab simulate raft-kv --faults \(faults.rawValue) --reads \(reads) --seed \(Seeds.current) --out /tmp/kv && distlab check /tmp/kv/history.jsonl --model kv"
  }

  @Test("Linearizable when the leader is cut off with a client, then a server crashes and restarts",
    .points(10), .seeds(20))
  func linearizableAcrossLeaderIsolation() throws {
    var scenario = KeyValueScenario(seed: Seeds.current)
    scenario.operationsPerClient = 30
    let (result, sim) = try Self.check(scenario)
    #expect(result.verdict == .linearizable, "replay: \(Self.replay(.isolateLeader))")
    let ok = sim.history.events.count { $0.type == .ok }
    #expect(ok >= 60, "only \(ok) of 90 operations succeeded")
  }

  @Test("Linearizable under chaos: loss, duplication, reordering, partitions and crash-restarts, with snapshots",
    .points(10), .seeds(20))
  func linearizableUnderChaos() throws {
    var scenario = KeyValueScenario(seed: Seeds.current)
    scenario.faults = .chaos
    scenario.operationsPerClient = 30
    let (result, sim) = try Self.check(scenario)
    #expect(result.verdict == .linearizable, "replay: \(Self.replay(.chaos))")
    #expect(sim.history.events.count { $0.type == .ok } >= 45)
    let compacted = scenario.serverIDs.filter { (sim.storage(of: $0)?.log.snapshotIndex ?? 0) > 0 }
    #expect(!compacted.isEmpty, "no server took a snapshot")
  }

  @Test("Reads through the log are linearizable too", .points(5), .seeds(10))
  func readsThroughTheLog() throws {
    var scenario = KeyValueScenario(seed: Seeds.current)
    scenario.options.readMode = .log
    scenario.operationsPerClient = 30
    let (result, _) = try Self.check(scenario)
    #expect(result.verdict == .linearizable, "replay: \(Self.replay(.isolateLeader, reads: "log"))")
  }

  @Test("Exactly once: with half of all messages duplicated and a tenth lost, clients retry and each append lands once",
    .points(5), .seeds(10))
  func exactlyOnce() throws {
    var scenario = KeyValueScenario(seed: Seeds.current)
    scenario.faults = .none
    scenario.extraFaults = [.duplicate(0.5), .drop(0.1)]
    scenario.operationsPerClient = 25
    let (result, sim) = try Self.check(scenario)
    #expect(result.verdict == .linearizable, "replay: \(Self.replay(.none)) (with the suite's extra faults)")
    for id in scenario.serverIDs {
      let store = sim.node(id)?.server?.state.machine.values ?? [:]
      let appended = store.values.flatMap { $0.split(separator: " ") }
      #expect(Set(appended).count == appended.count, "\(id) applied an append twice: \(store)")
    }
    #expect(sim.history.events.count { $0.type == .ok } >= 60)
  }

  @Test("The checker catches the broken store whose leader answers reads from its own state", .seeds(10))
  func staleReadsAreCaught() throws {
    #if DISTLAB_GRADING_SOLUTION
      return  // shows the reference's deliberately broken mode; nothing to grade
    #else
      var scenario = KeyValueScenario(seed: Seeds.current)
      scenario.options.readMode = .localWithoutCheck
      let (result, _) = try Self.check(scenario)
      #expect(result.verdict == .notLinearizable, "replay: \(Self.replay(.isolateLeader, reads: "local"))")
    #endif
  }
}
