import FailureDetection
import Simulation

/// The detectors of the handout's table, each in its default configuration.
enum DetectorKind: String, CaseIterable {
  case allToAll = "heartbeat all-to-all"
  case allToOne = "heartbeat all-to-one"
  case ping = "ping (T_suspect)"
  case counters = "heartbeat counters (no timeout)"
  case gossip = "gossip"
  case swim = "SWIM (K=3)"
  case phi = "φ accrual (φ>8)"
  case falcon = "all-to-all + kill (FALCON)"
  case panorama = "all-to-all + app traffic (Panorama)"

  /// Measures this detector on `n` nodes under `scenario`.
  func measure(nodes n: Int, scenario: Scenario, seed: UInt64) throws -> Measurement {
    switch self {
    case .allToAll:
      try Harness.run(rawValue, nodes: n, scenario: scenario, seed: seed) { HeartbeatAllToAll(peers: $1) }.0
    case .allToOne:
      try Harness.run(rawValue, nodes: n, scenario: scenario, seed: seed) { HeartbeatMonitor(id: $0, monitor: 1, peers: $1) }.0
    case .ping:
      try Harness.run(rawValue, nodes: n, scenario: scenario, seed: seed) { PingDetector(peers: $1) }.0
    case .counters:
      try Harness.run(rawValue, nodes: n, scenario: scenario, seed: seed) { CounterDetector(peers: $1) }.0
    case .gossip:
      try Harness.run(rawValue, nodes: n, scenario: scenario, seed: seed) { GossipMembership(peers: $1) }.0
    case .swim:
      try Harness.run(rawValue, nodes: n, scenario: scenario, seed: seed) { SWIM(peers: $1) }.0
    case .phi:
      try Harness.run(rawValue, nodes: n, scenario: scenario, seed: seed) { PhiAccrual(peers: $1) }.0
    case .falcon:
      try Harness.run(rawValue, nodes: n, scenario: scenario, seed: seed) { HeartbeatAllToAll(peers: $1, killOnSuspect: true) }.0
    case .panorama:
      try Harness.run(rawValue, nodes: n, scenario: scenario, seed: seed) {
        HeartbeatAllToAll(peers: $1, passiveEvidence: true, applicationInterval: .milliseconds(50))
      }.0
    }
  }
}
