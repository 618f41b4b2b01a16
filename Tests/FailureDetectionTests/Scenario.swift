import FailureDetection
import Simulation

/// A fault scenario for a measurement: which nodes crash and when (and whether they restart), the
/// network's faults (loss, slow links, partitions), and how long the run lasts.
struct Scenario {
  /// A moment after which a node is reachable again (a restart, or a heal), and who may have suspected it.
  struct Recovery {
    /// The node that is back.
    var node: NodeID
    /// When it is back.
    var at: Duration
    /// The observers that lost sight of it (nil: every observer).
    var seenBy: Set<NodeID>? = nil
  }

  /// Crashes: a node and the time it crashes.
  var crashes: [(node: NodeID, at: Duration)] = []
  /// Restarts of crashed nodes (crash-recovery): a node and the time it boots again, with empty state.
  var restarts: [(node: NodeID, at: Duration)] = []
  /// Network faults: `.drop`, `.delay`, `.schedule` of partitions, …
  var faults: [Nemesis] = []
  /// How long the run lasts, in virtual time.
  var duration: Duration
  /// A live node with a fault of its own (a lossy or slow node) whose suspicions are reported apart.
  var watched: NodeID? = nil
  /// When unreachable nodes are back; the partition scenario sets these for its heal.
  var heals: [Recovery] = []

  /// The standard crashes of the handout's tables: the last max(1, N/16) nodes, one after another
  /// from 2 s on, 250 ms apart.
  static func standardCrashes(nodes n: Int) -> [(node: NodeID, at: Duration)] {
    (0..<max(1, n / 16)).map { (node: NodeID(n - $0), at: Duration.seconds(2) + .milliseconds(250) * $0) }
  }

  /// Crash-stop: the standard crashes, and the run goes on `settle` past the last crash.
  static func crashStop(nodes n: Int, loss: Double = 0, settle: Duration = .seconds(4)) -> Scenario {
    let crashes = standardCrashes(nodes: n)
    return Scenario(crashes: crashes, faults: loss > 0 ? [.drop(loss)] : [], duration: crashes.last!.at + settle)
  }

  /// Crash-recovery: the standard crashes, each node restarting `downFor` later (with empty state);
  /// the run goes on `settle` past the last restart.
  static func crashRecovery(nodes n: Int, downFor: Duration = .milliseconds(1500), settle: Duration = .seconds(3)) -> Scenario {
    let crashes = standardCrashes(nodes: n)
    let restarts = crashes.map { (node: $0.node, at: $0.at + downFor) }
    return Scenario(crashes: crashes, restarts: restarts, duration: restarts.last!.at + settle)
  }

  /// Omission: live node `node` loses a fraction `rate` of the messages it sends; the standard crashes happen too.
  static func omission(nodes n: Int, node: NodeID = 2, rate: Double = 0.3) -> Scenario {
    var scenario = crashStop(nodes: n)
    scenario.faults = [.drop(rate, on: .outgoing(node))]
    scenario.watched = node
    return scenario
  }

  /// Slow links: every message to or from live node `node` takes 50–500 ms instead of 1 ms; the
  /// standard crashes happen too.
  static func slowLinks(
    nodes n: Int, node: NodeID = 2, delay: DelayDistribution = .uniform(.milliseconds(50), .milliseconds(500))
  ) -> Scenario {
    var scenario = crashStop(nodes: n)
    scenario.faults = [.delay(delay, on: .touching(node))]
    scenario.watched = node
    return scenario
  }

  /// A partition: the first half of the nodes and the second half cannot talk from `at` until
  /// `at + lasting`; no node crashes, and the run goes on `settle` past the heal.
  static func partition(
    nodes n: Int, at: Duration = .seconds(2), lasting: Duration = .milliseconds(1500), settle: Duration = .seconds(4)
  ) throws -> Scenario {
    let left = (1...(n / 2)).map { NodeID($0) }, right = ((n / 2 + 1)...n).map { NodeID($0) }
    func names(_ side: [NodeID]) -> String { side.map(\.description).joined(separator: ",") }
    let healAt = at + lasting
    func ms(_ d: Duration) -> String { "\(d.nanosecondCount / 1_000_000)ms" }
    let text = "at \(ms(at)) partition \(names(left))|\(names(right)); at \(ms(healAt)) heal"
    let heals = left.map { Recovery(node: $0, at: healAt, seenBy: Set(right)) }
      + right.map { Recovery(node: $0, at: healAt, seenBy: Set(left)) }
    return Scenario(faults: [.schedule(try .parse(text))], duration: healAt + settle, heals: heals)
  }

  /// The nemeses of the run: the network faults plus the crashes and restarts as a schedule.
  var nemeses: [Nemesis] {
    let entries = crashes.map { FaultSchedule.Entry(at: $0.at, .crash($0.node)) }
      + restarts.map { FaultSchedule.Entry(at: $0.at, .restart($0.node)) }
    return entries.isEmpty ? faults : faults + [.schedule(FaultSchedule(entries.sorted { $0.at < $1.at }))]
  }

  /// Every moment a node is back: its restarts, and the heals.
  var recoveries: [Recovery] { restarts.map { Recovery(node: $0.node, at: $0.at) } + heals }
}
