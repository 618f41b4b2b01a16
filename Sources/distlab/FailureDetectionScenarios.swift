import FailureDetection
import Simulation
import SimulationExamples

/// Lab 02's detectors as `distlab simulate` scenarios: five nodes, a little message loss, and node
/// n3 crashing at 1 s. The trace marks every suspicion and declaration (`suspect n3`,
/// `declare n3`), which `--diagram` draws in colour on the message flow.
enum FailureDetectionScenarios {
  static let schedule = "at 1s crash n3"
  static let nodes: [NodeID] = [1, 2, 3, 4, 5]

  /// Every detector scenario, in the order the handout introduces them.
  static let all: [Example] = [
    scenario("fd-ping", "Lab 02: every node pings every peer, suspects one silent for T_suspect") {
      PingDetector(peers: $1)
    },
    scenario("fd-counter", "Lab 02: heartbeat counters without timeouts (suspect a counter that lags)") {
      CounterDetector(peers: $1)
    },
    scenario("fd-heartbeat", "Lab 02: all-to-all heartbeats, suspect after 3 silent periods") {
      HeartbeatAllToAll(peers: $1)
    },
    scenario("fd-monitor", "Lab 02: heartbeats to one monitor (n1)") {
      HeartbeatMonitor(id: $0, monitor: 1, peers: $1)
    },
    scenario("fd-falcon", "Lab 02: all-to-all heartbeats that kill what they suspect (FALCON)") {
      HeartbeatAllToAll(peers: $1, killOnSuspect: true)
    },
    scenario("fd-panorama", "Lab 02: application traffic counts as evidence of life (Panorama)") {
      HeartbeatAllToAll(peers: $1, passiveEvidence: true, applicationInterval: .milliseconds(50))
    },
    scenario("fd-gossip", "Lab 02: gossip-style membership with heartbeat counters") {
      GossipMembership(peers: $1)
    },
    scenario("fd-swim", "Lab 02: SWIM with indirect probes, suspicion and refutation") {
      SWIM(peers: $1)
    },
    scenario("fd-phi", "Lab 02: phi accrual failure detector, threshold 8") {
      PhiAccrual(peers: $1)
    },
  ]

  /// A scenario running detector `D`, built by `make(id, peers)`.
  private static func scenario<D: FailureDetector>(
    _ name: String, _ summary: String, _ make: @escaping @Sendable (NodeID, [NodeID]) -> D
  ) -> Example {
    Example(name: name, summary: summary, defaultSchedule: schedule) { options in
      let faultSchedule = try options.schedule ?? FaultSchedule.parse(schedule)
      let sim = try Simulator<D>(
        nodes: nodes, seed: options.seed,
        network: LinkConditions(delay: .uniform(.milliseconds(1), .milliseconds(5))),
        faults: [.drop(options.dropProbability ?? 0.02), .schedule(faultSchedule)],
        trace: options.trace, label: name
      ) { id in make(id, nodes.filter { $0 != id }) }
      let summary = sim.run(for: options.duration ?? .milliseconds(2500))
      return ExampleRun(
        summary: summary, statistics: sim.statistics, history: nil, issues: sim.issues,
        cluster: "5 nodes, each watching the others")
    }
  }
}
