/// Runs nodes of one type in seeded virtual time over a faulty network: the deterministic
/// executor every lab uses.
///
/// Events (deliveries, timers, faults, client invocations) wait in a queue ordered by virtual time
/// and then by the order they were scheduled; one `SimulationRandom` seeded from `seed` makes every
/// random choice (delays, losses, node randomness, workload operations). The same seed and the same
/// code therefore give the same trace, byte for byte.
///
/// ```swift
/// let sim = try Simulator<EchoNode>(nodes: [1, 2], seed: 7, faults: [.drop(0.1)]) { EchoNode(id: $0) }
/// sim.run(for: .seconds(5))
/// print(sim.statistics.delivered)
/// ```
///
/// Clusters whose nodes play different roles (servers and clients) use one node type that is an
/// enum over the roles; see `SimulationExamples.RegisterNode`.
public final class Simulator<N: Node> {
  /// The seed that fixes every random choice of the run.
  public let seed: UInt64
  /// Every node, in cluster order (the order of vector clock entries in the trace).
  public let nodeIDs: [NodeID]
  /// A label for traces and reports (the example or test that built this run).
  public let label: String
  /// The most events a single run call may process; guards against a node that sets zero-delay
  /// timers forever. Reaching it ends the run with `.eventLimitReached` and records an issue.
  public var eventLimit = 200_000_000

  let names: [String]
  let indexOf: [NodeID: Int]
  /// `indexOf` as an array indexed by raw node ID, when IDs are small (the usual case): no hashing per send.
  let denseIndex: [Int32]
  let makeNode: (NodeID) -> N
  let nemeses: [Nemesis]
  let sink: (any TraceSink)?
  let tracksCausality: Bool

  var nodes: [N?]
  var contexts: [Context<N>]
  var meta: [NodeMeta]
  var queue = EventQueue<ScheduledEvent<N>>()
  var nowNanoseconds: Int64 = 0
  var random: SimulationRandom
  var nextMessageID = 0
  var nextTraceIndex = 0
  var inFlight = 0

  var links: LinkTable
  var blocked: [Bool]
  var blockedCount = 0

  var driver: WorkloadDriver<N.Operation>?
  /// Set while replaying an exploration path: each node's clock as the explorer had it.
  var replayClocks: ReplayClocks?

  /// What happened so far, counted.
  public internal(set) var statistics = SimulationStatistics()
  /// The operations the workload's clients performed, in checker format.
  public internal(set) var history = History()
  /// Mistakes found in node code or in run requests, in the order found.
  public internal(set) var issues: [SimulationIssue] = []

  /// Builds a run. Nothing happens until a run method is called; then every node boots at time 0.
  ///
  /// - Parameters:
  ///   - nodes: the cluster, in order; IDs must be unique.
  ///   - names: display names for the trace (default `n<k>`).
  ///   - seed: fixes every random choice.
  ///   - network: conditions of every link before `faults` apply.
  ///   - faults: nemeses, composed in order.
  ///   - workload: clients and the operations they invoke; its history is `history`.
  ///   - trace: where trace events go (none: no trace and no causal clocks, the fastest run).
  ///   - label: what ran, written in the trace header.
  ///   - make: builds a node's volatile state, at boot and again after every restart.
  /// - Throws: `SimulationConfigurationError` naming the field that is wrong.
  public init(
    nodes: [NodeID],
    names: [NodeID: String] = [:],
    seed: UInt64,
    network: LinkConditions = .reliable,
    faults: [Nemesis] = [],
    workload: Workload<N.Operation>? = nil,
    trace: (any TraceSink)? = nil,
    label: String = "",
    make: @escaping (NodeID) -> N
  ) throws(SimulationConfigurationError) {
    guard !nodes.isEmpty else { throw .noNodes }
    var indexOf: [NodeID: Int] = [:]
    for (i, id) in nodes.enumerated() {
      if indexOf.updateValue(i, forKey: id) != nil { throw .duplicateNode(id) }
    }
    let cluster = Set(nodes)
    for id in names.keys.sorted() where !cluster.contains(id) { throw .unknownNode(id, field: "names") }
    try network.validate(field: "network")
    for (i, nemesis) in faults.enumerated() { try nemesis.validate(field: "faults[\(i)]", cluster: cluster) }
    try workload?.validate(cluster: cluster)

    self.seed = seed
    self.nodeIDs = nodes
    self.names = nodes.map { names[$0] ?? $0.description }
    self.indexOf = indexOf
    let largest = nodes.map(\.rawValue).max()!
    if nodes.allSatisfy({ $0.rawValue >= 0 }) && largest < 1 << 16 {
      var dense = [Int32](repeating: -1, count: largest + 1)
      for (i, id) in nodes.enumerated() { dense[id.rawValue] = Int32(i) }
      denseIndex = dense
    } else {
      denseIndex = []
    }
    self.label = label
    self.makeNode = make
    self.nemeses = faults
    self.sink = trace
    self.tracksCausality = trace != nil
    self.random = SimulationRandom(seed: seed)
    self.nodes = Array(repeating: nil, count: nodes.count)
    self.contexts = nodes.map { Context<N>(me: $0) }
    self.meta = Array(repeating: NodeMeta(clusterSize: trace != nil ? nodes.count : 0), count: nodes.count)
    self.links = LinkTable(nodes: nodes, base: network, nemeses: faults)
    self.blocked = Array(repeating: false, count: nodes.count * nodes.count)
    if let workload {
      driver = WorkloadDriver(workload: workload, clientIndices: workload.clients.map { indexOf[$0]! })
    }
    scheduleStart()
  }

  // MARK: - Observation

  /// True virtual time now.
  public var now: Duration { .nanoseconds(nowNanoseconds) }

  /// The node's current state, or nil while it is crashed (or before it boots).
  public func node(_ id: NodeID) -> N? { indexOf[id].flatMap { nodes[$0] } }

  /// The node's durable storage (kept across crashes).
  public func storage(of id: NodeID) -> N.Storage? { indexOf[id].map { contexts[$0].storage } }

  /// Whether the node is running (booted and not crashed).
  public func isUp(_ id: NodeID) -> Bool { indexOf[id].map { nodes[$0] != nil } ?? false }

  /// The display name of a node in traces.
  public func name(of id: NodeID) -> String { indexOf[id].map { names[$0] } ?? id.description }

  /// Messages sent and not yet delivered or dropped.
  public var messagesInFlight: Int { inFlight }

  /// The node's local clock reading now (true time adjusted by its skew and drift).
  public func localTime(of id: NodeID) -> Duration? {
    indexOf[id].map { .nanoseconds(meta[$0].clock.localTime(atTrue: nowNanoseconds)) }
  }

  /// Whether messages from `from` to `to` are currently blocked by a partition.
  public func isBlocked(from: NodeID, to: NodeID) -> Bool {
    guard let a = indexOf[from], let b = indexOf[to] else { return false }
    return blocked[a * nodeIDs.count + b]
  }

  /// The position of a node in the cluster, or nil if it is not in it.
  @inline(__always)
  func index(of id: NodeID) -> Int? {
    if !denseIndex.isEmpty {
      guard id.rawValue >= 0, id.rawValue < denseIndex.count else { return nil }
      let position = denseIndex[id.rawValue]
      return position < 0 ? nil : Int(position)
    }
    return indexOf[id]
  }

  // MARK: - Scheduling

  @inline(__always)
  func schedule(at time: Int64, _ event: ScheduledEvent<N>) {
    queue.insert(event, at: time)
  }

  /// The sequence number the next scheduled event will get.
  var nextSequence: UInt64 { queue.nextSequence }

  private func scheduleStart() {
    sink?.begin(
      TraceHeader(
        seed: seed, nodes: nodeIDs, names: names,
        clients: driver.map { $0.workload.clients } ?? [], label: label))
    for i in nodeIDs.indices { schedule(at: 0, .boot(node: i)) }
    for (i, nemesis) in nemeses.enumerated() {
      switch nemesis {
      case .clock(let id, let model):
        meta[indexOf[id]!].clock = model
      case .schedule(let faultSchedule):
        for entry in faultSchedule.entries { schedule(at: entry.at.nanosecondCount, .fault(entry.action)) }
      case .randomPartitions(let every, _, _), .randomCrashes(let every, _, _):
        schedule(at: every.sample(using: &random), .nemesis(index: i))
      default:
        break
      }
    }
    if let driver {
      for client in driver.clients.indices {
        schedule(at: driver.workload.startAt.nanosecondCount, .invoke(client: client))
      }
    }
  }
}

/// What the simulator keeps about each node besides its state and context.
struct NodeMeta {
  var incarnation = 0
  var clock = ClockModel.perfect
  /// Timers cancelled by value: a timer set before the recorded sequence number is stale.
  var cancelledBefore: [AnyHashable: UInt64] = [:]
  var lamport = 0
  var vector: [Int]

  init(clusterSize: Int) { vector = Array(repeating: 0, count: clusterSize) }
}
