import Simulation

/// What a caller may change about an example run; nil fields take the example's defaults.
public struct ExampleOptions {
  /// The run's seed.
  public var seed: UInt64
  /// How long to run (examples with a workload stop earlier once it is done).
  public var duration: Duration?
  /// Faults at fixed times, replacing the example's default schedule.
  public var schedule: FaultSchedule?
  /// Random message loss on every link, replacing the example's default.
  public var dropProbability: Double?
  /// Number of workload clients.
  public var clients: Int?
  /// Operations per client.
  public var operationsPerClient: Int?
  /// Where trace events go.
  public var trace: (any TraceSink)?
  /// The scenario's own settings (`--set name=value`, `--nodes`, `--key`), read through
  /// `integer(_:default:in:)` and its siblings; names the scenario does not declare are refused first.
  public var parameters: [String: String] = [:]
  /// Whether to run the scenario's measurement sweep and return its table instead of one run's story.
  public var table = false

  /// Options with every default.
  public init(seed: UInt64 = 1) { self.seed = seed }
}

/// What an example run produced.
public struct ExampleRun {
  /// How the run ended.
  public var summary: RunSummary
  /// What happened, counted.
  public var statistics: SimulationStatistics
  /// The clients' operations, for examples with a workload.
  public var history: History?
  /// Mistakes found during the run.
  public var issues: [SimulationIssue]
  /// A one-line description of the cluster.
  public var cluster: String
  /// What the scenario did along the way (faults it chose at run time), one line each.
  public var story: [String]
  /// The measured table, one line each, when `ExampleOptions.table` asked for it.
  public var table: [String] = []
  /// The prefix of the trace log line a `--diagram` picture should start near (e.g. `lookup`);
  /// nil to start near the first fault.
  public var diagramFocus: String?
  /// The nodes a `--diagram` picture draws lanes for (e.g. those on a lookup's path); nil for all.
  public var diagramNodes: Set<String>?

  /// Creates the record of a run.
  public init(
    summary: RunSummary, statistics: SimulationStatistics, history: History?, issues: [SimulationIssue], cluster: String,
    story: [String] = []
  ) {
    self.summary = summary
    self.statistics = statistics
    self.history = history
    self.issues = issues
    self.cluster = cluster
    self.story = story
  }
}

/// A worked protocol that `distlab simulate` can run.
public struct Example: Sendable {
  /// The name on the command line.
  public let name: String
  /// One sentence about it.
  public let summary: String
  /// The fault schedule it uses unless told otherwise, in text form.
  public let defaultSchedule: String
  /// The scenario's own settings, which `--set name=value` (and `--nodes`, `--key`) may give.
  public let parameters: [ExampleParameter]
  /// Whether the scenario has a measurement sweep (`--table`).
  public let hasTable: Bool
  /// Runs it.
  public let run: @Sendable (ExampleOptions) throws -> ExampleRun

  /// Creates an example (labs add their own scenarios to the command line this way).
  public init(
    name: String, summary: String, defaultSchedule: String, parameters: [ExampleParameter] = [], hasTable: Bool = false,
    run: @escaping @Sendable (ExampleOptions) throws -> ExampleRun
  ) {
    self.name = name
    self.summary = summary
    self.defaultSchedule = defaultSchedule
    self.parameters = parameters
    self.hasTable = hasTable
    self.run = run
  }
}

/// The examples `distlab simulate` knows.
public enum ExampleCatalog {
  /// Every example, in the order `--list` shows them.
  public static let all: [Example] = [register, echo, broadcast]

  /// The example with this name, if any.
  public static func named(_ name: String) -> Example? { all.first { $0.name == name } }

  private static let registerSchedule =
    "at 100ms isolate n1; at 400ms heal; at 500ms crash n2; at 600ms isolate n4; at 1800ms heal; at 1900ms restart n2"

  /// ABD quorum register: 3 replicas, clients reading and writing under loss, a partition, a crash
  /// and a client cut off for longer than its timeout.
  public static let register = Example(
    name: "register",
    summary: "ABD quorum register: 3 replicas, clients under loss, isolation, crash-restart",
    defaultSchedule: registerSchedule
  ) { options in
    let replicas: [NodeID] = [1, 2, 3]
    let clientCount = options.clients ?? 3
    let clients = (0..<clientCount).map { NodeID(4 + $0) }
    let schedule = try options.schedule ?? FaultSchedule.parse(registerSchedule)
    let workload = Workload<RegisterOperation>(
      clients: clients,
      operationsPerClient: options.operationsPerClient ?? 20,
      thinkTime: .uniform(.milliseconds(5), .milliseconds(60)),
      timeout: .seconds(1)
    ) { client, index, random in
      random.chance(0.5) ? .read : .write(client.rawValue * 100 + index)
    }
    let sim = try Simulator<RegisterNode>(
      nodes: replicas + clients,
      seed: options.seed,
      network: LinkConditions(delay: .uniform(.milliseconds(1), .milliseconds(5))),
      faults: [.drop(options.dropProbability ?? 0.05), .schedule(schedule)],
      workload: workload,
      trace: options.trace,
      label: "register"
    ) { id in
      replicas.contains(id) ? .replica(RegisterReplica()) : .client(RegisterClient(replicas: replicas))
    }
    let summary = sim.runUntilQuiescent(timeLimit: options.duration ?? .seconds(60))
    return ExampleRun(
      summary: summary, statistics: sim.statistics, history: sim.history, issues: sim.issues,
      cluster: "\(replicas.count) replicas (n1-n3), \(clientCount) clients")
  }

  /// Ping/echo between two nodes with a window of pings in flight.
  public static let echo = Example(
    name: "echo",
    summary: "ping/echo between two nodes, 4 pings in flight",
    defaultSchedule: ""
  ) { options in
    let sim = try Simulator<EchoNode>(
      nodes: [1, 2], seed: options.seed,
      faults: [.drop(options.dropProbability ?? 0), .schedule(options.schedule ?? [])],
      trace: options.trace, label: "echo"
    ) { id in id == 1 ? EchoNode(peer: 2, window: 4) : EchoNode(peer: nil) }
    let summary = sim.run(for: options.duration ?? .milliseconds(100))
    return ExampleRun(
      summary: summary, statistics: sim.statistics, history: nil, issues: sim.issues, cluster: "2 nodes")
  }

  /// Five nodes broadcasting rounds to each other.
  public static let broadcast = Example(
    name: "broadcast",
    summary: "5 nodes, all-to-all broadcast rounds with acknowledgements",
    defaultSchedule: ""
  ) { options in
    let nodes: [NodeID] = [1, 2, 3, 4, 5]
    let sim = try Simulator<BroadcastNode>(
      nodes: nodes, seed: options.seed,
      network: LinkConditions(delay: .uniform(.microseconds(500), .milliseconds(2))),
      faults: [.drop(options.dropProbability ?? 0), .schedule(options.schedule ?? [])],
      trace: options.trace, label: "broadcast"
    ) { id in BroadcastNode(peers: nodes.filter { $0 != id }) }
    let summary = sim.run(for: options.duration ?? .milliseconds(50))
    return ExampleRun(
      summary: summary, statistics: sim.statistics, history: nil, issues: sim.issues, cluster: "5 nodes")
  }
}
