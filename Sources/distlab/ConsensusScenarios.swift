import Consensus
import KeyValueOnRaft
import Simulation
import SimulationExamples

/// Lab 07's key-value store on Raft as `distlab simulate` scenarios (the flagship demo): five
/// servers s1…s5 and three clients c1…c3 on keys x, y, z.
enum ConsensusScenarios {
  static let all: [Example] = [
    scenario(
      "raft-kv", "Lab 07: key-value store on Raft; the leader is cut off with client c1, then a crash-restart",
      faults: .isolateLeader, reads: .readIndex),
    scenario(
      "raft-kv-stale", "Lab 07: the same, with the broken store whose leader answers reads from its own state",
      faults: .isolateLeader, reads: .localWithoutCheck),
    scenario(
      "raft-kv-chaos", "Lab 07: key-value store on Raft under loss, duplication, partitions and crash-restarts",
      faults: .chaos, reads: .readIndex),
  ]

  private static func scenario(
    _ name: String, _ summary: String, faults: KeyValueScenario.Faults, reads: RaftOptions.ReadMode
  ) -> Example {
    let story =
      faults == .isolateLeader
      ? "partition the leader with c1 for 1 s once it leads, heal, crash and restart a follower"
      : faults == .chaos ? "random partitions and crash-restarts for 6 s; 10% loss, 5% duplicates, reordering" : ""
    return Example(name: name, summary: summary, defaultSchedule: story) { options in
      var scenario = KeyValueScenario(seed: options.seed)
      scenario.options.readMode = reads
      scenario.faults = faults
      if let schedule = options.schedule {
        scenario.faults = .none
        scenario.extraFaults.append(.schedule(schedule))
      }
      if let drop = options.dropProbability { scenario.extraFaults.append(.drop(drop)) }
      if let clients = options.clients { scenario.clients = clients }
      if let operations = options.operationsPerClient { scenario.operationsPerClient = operations }
      let sim = try scenario.simulator(trace: options.trace)
      let (story, summary) = try scenario.runStory(sim)
      return ExampleRun(
        summary: summary, statistics: sim.statistics,
        history: sim.history, issues: sim.issues,
        cluster: "\(scenario.servers) Raft servers, \(scenario.clients) clients, reads \(reads)", story: story)
    }
  }
}
