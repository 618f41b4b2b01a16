import FailureDetection
import Simulation

/// A fault scenario for a measurement: which nodes crash (crash-stop) and when, the network's
/// faults (loss, slow links, partitions), and how long the run lasts.
struct Scenario {
  /// Crash-stop faults: a node and the time it crashes.
  var crashes: [(node: NodeID, at: Duration)] = []
  /// Network faults: `.drop`, `.delay`, `.schedule` of partitions, …
  var faults: [Nemesis] = []
  /// How long the run lasts, in virtual time.
  var duration: Duration

  /// The standard scenario of the handout's table: the last max(1, N/16) nodes crash one after
  /// another from 2 s on, 250 ms apart, and the run goes on `settle` past the last crash.
  static func crashStop(nodes n: Int, loss: Double = 0, settle: Duration = .seconds(4)) -> Scenario {
    let count = max(1, n / 16)
    let crashes = (0..<count).map { (node: NodeID(n - $0), at: Duration.seconds(2) + .milliseconds(250) * $0) }
    return Scenario(
      crashes: crashes, faults: loss > 0 ? [.drop(loss)] : [], duration: crashes.last!.at + settle)
  }

  /// The nemeses of the run: the network faults plus the crashes as a schedule.
  var nemeses: [Nemesis] {
    crashes.isEmpty ? faults : faults + [.schedule(FaultSchedule(crashes.map { .init(at: $0.at, .crash($0.node)) }))]
  }
}

/// What one run of a detector measured.
struct Measurement: CustomStringConvertible {
  var detector: String
  var nodes: Int
  /// Of the crashed nodes, the fraction suspected at the end by every live observer (strong completeness).
  var completeness: Double
  /// Suspicions of nodes that never crashed, per live observer per second.
  var falseSuspicionRate: Double
  /// The fraction of never-crashed nodes that some observer suspected at least once.
  var liveNodesEverSuspected: Double
  /// The fraction of never-crashed nodes that some observer declared failed for good (gossip, SWIM).
  var liveNodesDeclared: Double
  /// Per crashed node and live observer that suspects it: crash → the suspicion began.
  var detectionTimes: [Duration]
  /// Per crashed node: crash → the first suspicion anywhere.
  var firstDetectionTimes: [Duration]
  /// Messages sent per node per second (every node, the whole run).
  var messagesPerNodeSecond: Double
  /// Bytes sent per live node per second.
  var bytesPerNodeSecond: Double

  var detectionP50: Duration? { percentile(detectionTimes, 0.5) }
  var detectionP99: Duration? { percentile(detectionTimes, 0.99) }
  var firstDetectionP50: Duration? { percentile(firstDetectionTimes, 0.5) }
  /// The mean of the detection times, in seconds.
  var detectionMean: Double? {
    detectionTimes.isEmpty ? nil : detectionTimes.map(seconds).reduce(0, +) / Double(detectionTimes.count)
  }
  /// The mean of the first-detection times, in seconds.
  var firstDetectionMean: Double? {
    firstDetectionTimes.isEmpty ? nil : firstDetectionTimes.map(seconds).reduce(0, +) / Double(firstDetectionTimes.count)
  }

  /// The handout table's header.
  static let tableHeader = """
    | detector | N | completeness | false susp. /node/s | live ever suspected | live declared | detection p50 | p99 | first detection p50 | msgs/s/node | bytes/s/node |
    |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
    """

  /// One row of the handout's table.
  var description: String {
    func ms(_ d: Duration?) -> String { d.map { "\(Int((seconds($0) * 1000).rounded())) ms" } ?? "–" }
    func f(_ x: Double, _ digits: Int = 2) -> String {
      let scale = Double([1, 10, 100, 1000][digits])
      return "\((x * scale).rounded() / scale)"
    }
    return "| \(detector) | \(nodes) | \(f(completeness)) | \(f(falseSuspicionRate, 3)) | \(f(liveNodesEverSuspected)) | \(f(liveNodesDeclared)) | "
      + "\(ms(detectionP50)) | \(ms(detectionP99)) | \(ms(firstDetectionP50)) | \(f(messagesPerNodeSecond, 1)) | \(Int(bytesPerNodeSecond.rounded())) |"
  }
}

/// The `q` quantile (nearest rank) of some durations, or nil if there are none.
func percentile(_ values: [Duration], _ q: Double) -> Duration? {
  guard !values.isEmpty else { return nil }
  let sorted = values.sorted()
  let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
  return sorted[min(max(rank, 0), sorted.count - 1)]
}

/// A duration in seconds.
func seconds(_ d: Duration) -> Double { Double(d.nanosecondCount) / 1e9 }

/// Runs detectors under scenarios and measures them.
enum Harness {
  /// Runs `make` on nodes 1…`n` under `scenario` and measures the detector.
  static func run<D: FailureDetector>(
    _ name: String, nodes n: Int, scenario: Scenario, seed: UInt64, trace: TraceLog? = nil,
    make: @escaping (NodeID, [NodeID]) -> D
  ) throws -> (Measurement, Simulator<D>) {
    let ids = (1...n).map { NodeID($0) }
    let sim = try Simulator<D>(
      nodes: ids, seed: seed, faults: scenario.nemeses, trace: trace, label: "failure-detection \(name) N=\(n)"
    ) { id in make(id, ids.filter { $0 != id }) }
    sim.run(for: scenario.duration)
    return (measure(name, sim: sim, scenario: scenario), sim)
  }

  /// Measures a finished run.
  static func measure<D: FailureDetector>(_ name: String, sim: Simulator<D>, scenario: Scenario) -> Measurement {
    let ids = sim.nodeIDs
    let crashedAt = Dictionary(scenario.crashes.map { ($0.node, $0.at) }, uniquingKeysWith: min)
    let observers = ids.compactMap { id in sim.node(id).flatMap { $0.isObserver && crashedAt[id] == nil ? $0 : nil } }
    let liveTargets = ids.filter { crashedAt[$0] == nil }
    let runSeconds = seconds(sim.now)

    var completed = 0
    var detection: [Duration] = [], first: [Duration] = []
    for (crashed, at) in crashedAt.sorted(by: { $0.key < $1.key }) {
      let times = observers.compactMap { $0.record.suspicions[crashed].map { max(.zero, $0 - at) } }
      if !observers.isEmpty && times.count == observers.count { completed += 1 }
      detection += times
      if let earliest = times.min() { first.append(earliest) }
    }
    let falseSuspicions = observers.reduce(0) { sum, o in sum + liveTargets.reduce(0) { $0 + (o.record.suspicionCounts[$1] ?? 0) } }
    let everSuspected = liveTargets.filter { t in observers.contains { ($0.record.suspicionCounts[t] ?? 0) > 0 } }
    let declared = liveTargets.filter { t in observers.contains { $0.record.declared[t] != nil } }
    let live = ids.compactMap { sim.node($0) }
    return Measurement(
      detector: name, nodes: ids.count,
      completeness: crashedAt.isEmpty ? 1 : Double(completed) / Double(crashedAt.count),
      falseSuspicionRate: observers.isEmpty ? 0 : Double(falseSuspicions) / Double(observers.count) / runSeconds,
      liveNodesEverSuspected: liveTargets.isEmpty ? 0 : Double(everSuspected.count) / Double(liveTargets.count),
      liveNodesDeclared: liveTargets.isEmpty ? 0 : Double(declared.count) / Double(liveTargets.count),
      detectionTimes: detection, firstDetectionTimes: first,
      messagesPerNodeSecond: Double(sim.statistics.sent) / Double(ids.count) / runSeconds,
      bytesPerNodeSecond: live.isEmpty ? 0 : Double(live.reduce(0) { $0 + $1.record.bytesSent }) / Double(live.count) / runSeconds)
  }
}

/// The detectors of the handout's table, each in its default configuration.
enum DetectorKind: String, CaseIterable {
  case allToAll = "heartbeat all-to-all"
  case allToOne = "heartbeat all-to-one"
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
