import FailureDetection
import Simulation

/// What one run of a detector measured.
struct Measurement: CustomStringConvertible {
  var detector: String
  var nodes: Int
  /// Of the crashed nodes, the fraction suspected by every live observer at the end of its downtime
  /// (the end of the run for crash-stop, its restart for crash-recovery): strong completeness.
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
  /// Of the (node, observer) pairs where the node came back (restart or heal): the fraction the
  /// observer suspected at that moment.
  var suspectedWhenBack: Double? = nil
  /// Of the pairs suspected when the node came back: the fraction whose suspicion ended by the end of the run.
  var recovered: Double? = nil
  /// Per pair whose suspicion ended: the node was back → the suspicion ended.
  var recoveryTimes: [Duration] = []
  /// Of the (observer, node up at the end) pairs, the fraction suspected at the end of the run.
  var suspectedAtEnd: Double = 0
  /// Suspicions of never-crashed nodes by observers the scenario gave no reason to lose sight of
  /// them (in a partition: suspicions within a side).
  var unexplainedSuspicions = 0
  /// The scenario's watched node (lossy or slow): the fraction of observers that ever suspected it.
  var watchedEverSuspectedBy: Double? = nil
  /// The watched node's suspicions, per observer per second.
  var watchedSuspicionRate: Double? = nil
  /// The fraction of the run the watched node was suspected, averaged over its observers.
  var watchedSuspectedTime: Double? = nil
  /// Separate episodes in which some observer suspected the watched node (overlapping suspicions count once).
  var watchedEpisodes: Int? = nil
  /// The fraction of the watched node's observers that declared it failed for good.
  var watchedDeclaredBy: Double? = nil

  var detectionP50: Duration? { percentile(detectionTimes, 0.5) }
  var detectionP99: Duration? { percentile(detectionTimes, 0.99) }
  var firstDetectionP50: Duration? { percentile(firstDetectionTimes, 0.5) }
  var recoveryP50: Duration? { percentile(recoveryTimes, 0.5) }
  var recoveryP99: Duration? { percentile(recoveryTimes, 0.99) }
  /// The mean of the detection times, in seconds.
  var detectionMean: Double? {
    detectionTimes.isEmpty ? nil : detectionTimes.map(seconds).reduce(0, +) / Double(detectionTimes.count)
  }
  /// The mean of the first-detection times, in seconds.
  var firstDetectionMean: Double? {
    firstDetectionTimes.isEmpty ? nil : firstDetectionTimes.map(seconds).reduce(0, +) / Double(firstDetectionTimes.count)
  }

  var description: String { TableColumn.row(self, columns: TableColumn.crashStop) }
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

  /// Measures a finished run. Observers are the nodes that never crashed and observe (`isObserver`).
  static func measure<D: FailureDetector>(_ name: String, sim: Simulator<D>, scenario: Scenario) -> Measurement {
    let ids = sim.nodeIDs
    let crashedAt = Dictionary(scenario.crashes.map { ($0.node, $0.at) }, uniquingKeysWith: min)
    let restartedAt = Dictionary(scenario.restarts.map { ($0.node, $0.at) }, uniquingKeysWith: min)
    let observers = ids.compactMap { id in sim.node(id).flatMap { $0.isObserver && crashedAt[id] == nil ? (id, $0) : nil } }
    let liveTargets = ids.filter { crashedAt[$0] == nil }
    let runSeconds = seconds(sim.now)

    // Completeness and detection: the suspicion that was on when the crashed node's downtime ended.
    var completed = 0
    var detection: [Duration] = [], first: [Duration] = []
    for (crashed, at) in crashedAt.sorted(by: { $0.key < $1.key }) {
      let downUntil = restartedAt[crashed] ?? sim.now
      let times = observers.compactMap { _, o in
        o.record.history[crashed]?.last { $0.covers(downUntil) }
          .map { max(.zero, $0.began - at) }
      }
      if !observers.isEmpty && times.count == observers.count { completed += 1 }
      detection += times
      if let earliest = times.min() { first.append(earliest) }
    }

    // Recovery: after a restart or a heal, how soon the suspicions that were on then ended.
    var pairsBack = 0, suspectedBack = 0, ended = 0
    var recovery: [Duration] = []
    for back in scenario.recoveries {
      for (id, o) in observers where id != back.node && back.seenBy.map({ $0.contains(id) }) ?? true {
        pairsBack += 1
        guard let interval = o.record.history[back.node]?.last(where: { $0.covers(back.at) }) else { continue }
        suspectedBack += 1
        if let end = interval.ended {
          ended += 1
          recovery.append(end - back.at)
        }
      }
    }

    let upAtEnd = ids.filter { sim.isUp($0) }
    let endPairs = observers.reduce(0) { sum, o in sum + upAtEnd.filter { $0 != o.0 }.count }
    let endSuspected = observers.reduce(0) { sum, o in sum + upAtEnd.filter { $0 != o.0 && o.1.record.suspects($0) }.count }

    let falseSuspicions = observers.reduce(0) { sum, o in sum + liveTargets.reduce(0) { $0 + (o.1.record.suspicionCounts[$1] ?? 0) } }
    let everSuspected = liveTargets.filter { t in observers.contains { ($0.1.record.suspicionCounts[t] ?? 0) > 0 } }
    let declared = liveTargets.filter { t in observers.contains { $0.1.record.declared[t] != nil } }
    let live = ids.compactMap { sim.node($0) }
    var m = Measurement(
      detector: name, nodes: ids.count,
      completeness: crashedAt.isEmpty ? 1 : Double(completed) / Double(crashedAt.count),
      falseSuspicionRate: observers.isEmpty ? 0 : Double(falseSuspicions) / Double(observers.count) / runSeconds,
      liveNodesEverSuspected: liveTargets.isEmpty ? 0 : Double(everSuspected.count) / Double(liveTargets.count),
      liveNodesDeclared: liveTargets.isEmpty ? 0 : Double(declared.count) / Double(liveTargets.count),
      detectionTimes: detection, firstDetectionTimes: first,
      messagesPerNodeSecond: Double(sim.statistics.sent) / Double(ids.count) / runSeconds,
      bytesPerNodeSecond: live.isEmpty ? 0 : Double(live.reduce(0) { $0 + $1.record.bytesSent }) / Double(live.count) / runSeconds)
    if pairsBack > 0 {
      m.suspectedWhenBack = Double(suspectedBack) / Double(pairsBack)
      m.recovered = suspectedBack == 0 ? 1 : Double(ended) / Double(suspectedBack)
      m.recoveryTimes = recovery
    }
    if !scenario.heals.isEmpty {
      m.unexplainedSuspicions = observers.reduce(0) { sum, o in
        sum + liveTargets.filter { t in !scenario.heals.contains { $0.node == t && ($0.seenBy?.contains(o.0) ?? true) } }
          .reduce(0) { $0 + (o.1.record.suspicionCounts[$1] ?? 0) }
      }
    }
    m.suspectedAtEnd = endPairs == 0 ? 0 : Double(endSuspected) / Double(endPairs)
    if let watched = scenario.watched {
      let watchers = observers.filter { $0.0 != watched }.map(\.1)
      let count = Double(max(1, watchers.count))
      m.watchedEverSuspectedBy = Double(watchers.filter { ($0.record.suspicionCounts[watched] ?? 0) > 0 }.count) / count
      m.watchedSuspicionRate = Double(watchers.reduce(0) { $0 + ($1.record.suspicionCounts[watched] ?? 0) }) / count / runSeconds
      let suspectedTime = watchers.reduce(0.0) { sum, o in
        sum + (o.record.history[watched] ?? []).reduce(0.0) { $0 + seconds(($1.ended ?? sim.now) - $1.began) }
      }
      m.watchedSuspectedTime = suspectedTime / count / runSeconds
      let intervals = watchers.flatMap { $0.record.history[watched] ?? [] }.sorted { $0.began < $1.began }
      var episodes = 0, coveredUntil: Duration? = nil
      for interval in intervals {
        if coveredUntil.map({ interval.began > $0 }) ?? true { episodes += 1 }
        coveredUntil = max(coveredUntil ?? .zero, interval.ended ?? sim.now)
      }
      m.watchedEpisodes = episodes
      m.watchedDeclaredBy = Double(watchers.filter { $0.record.declared[watched] != nil }.count) / count
    }
    return m
  }
}
