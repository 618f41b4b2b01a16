/// The exploration executor: runs the same node code as `Simulator`, but instead of one seeded
/// schedule it searches the states reachable under every order of deliveries and timers, with
/// bounded drops, duplicates and crash-restarts, checking invariants on every state.
///
/// Breadth-first search returns the shortest event sequence that violates an invariant (or reaches
/// a goal); `Simulator.replay(_:…)` turns that sequence into an ordinary trace. Random walks cover
/// deeper configurations without the memory of a full search.
///
/// ```swift
/// let result = Explorer(nodes: [1, 2, 3]) { ElectionNode(id: $0, peers: [1, 2, 3], maxTerm: 3) }
///   .invariant("one leader per term", ElectionNode.hasAtMostOneLeaderPerTerm)
///   .prune("terms above 2") { $0.liveNodes.contains { $0.node.term > 2 } }
///   .breadthFirst()
/// ```
///
/// Within the search a node's `context.now` is its own timer clock (the deadline of the last timer
/// it fired) and `context.random` restarts from a fixed seed at every event, so each path is
/// deterministic. Client workloads are not driven here; model clients as nodes.
public struct Explorer<N: Node>: @unchecked Sendable {
  /// A named predicate over states.
  public struct Predicate {
    /// What the predicate says, shown in reports.
    public let name: String
    let test: (SearchState<N>) -> Bool
  }

  /// How the breadth-first search trims equivalent interleavings.
  public enum Reduction: Hashable, Sendable {
    /// Visited-state hashing only: every enabled event is tried from every new state.
    case none
    /// Visited-state hashing plus sleep sets (Godefroid 1996): an event independent of the one just
    /// taken, and already tried from the parent, is not tried again; every reachable state is still visited.
    case sleepSets
  }

  /// How breadth-first search decides that a state was seen before.
  public enum StateMatching: Hashable, Sendable {
    /// Equal 64-bit fingerprints, confirmed by comparing the states: never merges different states.
    case exact
    /// Equal 64-bit fingerprints alone (hash compaction, as TLC does): faster, and two different
    /// states are merged with probability below n²/2⁶⁵ for n states (about 3·10⁻⁸ for a million).
    case fingerprint
  }

  /// The cluster, in order.
  public let nodeIDs: [NodeID]
  let make: (NodeID) -> N
  /// Faults the search may inject on each path.
  public var faults: ExplorationFaults
  /// Which pending timers may fire next.
  public var timerOrder: TimerOrder
  /// The seed of `context.random` (restarted at every event).
  public var seed: UInt64
  /// States whose successors are not explored beyond this many events from the start.
  public var maxDepth: Int?
  /// The search stops (with `stoppedAtStateLimit`) after this many distinct states.
  public var maxStates: Int?
  /// The search stops (with `stoppedAtTimeLimit`) after this much wall-clock time.
  public var timeLimit: Duration?
  /// The reduction breadth-first search applies.
  public var reduction: Reduction = .sleepSets
  /// How breadth-first search recognises a state it has seen.
  public var stateMatching: StateMatching = .exact
  /// Called about once a second during long searches.
  public var progress: ((SearchStatistics) -> Void)?

  public internal(set) var invariants: [Predicate] = []
  public internal(set) var goals: [Predicate] = []
  public internal(set) var prunes: [Predicate] = []

  /// Creates an explorer of the cluster `nodes`, each built by `make` at boot and after a restart.
  public init(
    nodes: [NodeID], faults: ExplorationFaults = .none, timerOrder: TimerOrder = .deadline, seed: UInt64 = 0,
    make: @escaping (NodeID) -> N
  ) {
    self.nodeIDs = nodes
    self.make = make
    self.faults = faults
    self.timerOrder = timerOrder
    self.seed = seed
  }

  /// Adds a property every reachable state must have.
  public func invariant(_ name: String, _ holds: @escaping (SearchState<N>) -> Bool) -> Explorer {
    var copy = self
    copy.invariants.append(Predicate(name: name, test: holds))
    return copy
  }

  /// Adds a state the search looks for; reaching one ends the search with its path.
  public func goal(_ name: String, _ reached: @escaping (SearchState<N>) -> Bool) -> Explorer {
    var copy = self
    copy.goals.append(Predicate(name: name, test: reached))
    return copy
  }

  /// Adds a condition under which a state is checked but its successors are not explored.
  public func prune(_ name: String, _ cut: @escaping (SearchState<N>) -> Bool) -> Explorer {
    var copy = self
    copy.prunes.append(Predicate(name: name, test: cut))
    return copy
  }

  /// Returns a copy with other fault bounds.
  public func faults(_ faults: ExplorationFaults) -> Explorer {
    var copy = self
    copy.faults = faults
    return copy
  }

  /// Returns a copy with the given depth, state and time limits (nil leaves a limit unchanged).
  public func limits(depth: Int? = nil, states: Int? = nil, time: Duration? = nil) -> Explorer {
    var copy = self
    if let depth { copy.maxDepth = depth }
    if let states { copy.maxStates = states }
    if let time { copy.timeLimit = time }
    return copy
  }

  /// What is wrong with the configuration, naming the field, or nil if a search can start.
  public var configurationProblem: String? {
    if nodeIDs.isEmpty { return "nodes: the cluster is empty" }
    var seen: Set<NodeID> = []
    for id in nodeIDs where !seen.insert(id).inserted { return "nodes: \(id) appears twice" }
    if faults.drops < 0 { return "faults.drops: \(faults.drops) is negative" }
    if faults.duplicates < 0 { return "faults.duplicates: \(faults.duplicates) is negative" }
    if faults.crashes < 0 { return "faults.crashes: \(faults.crashes) is negative" }
    if let maxDepth, maxDepth < 0 { return "maxDepth: \(maxDepth) is negative" }
    if let maxStates, maxStates < 1 { return "maxStates: \(maxStates) must be at least 1" }
    if let timeLimit, timeLimit <= .zero { return "timeLimit: \(timeLimit) is not positive" }
    return nil
  }

  /// The first invariant `state` violates, or a mistake a node reported while reaching it.
  func violation(in state: SearchState<N>, issues: [String]) -> String? {
    if let issue = issues.first { return issue }
    return invariants.first { !$0.test(state) }?.name
  }

  func reachedGoal(_ state: SearchState<N>) -> String? { goals.first { $0.test(state) }?.name }

  func isPruned(_ state: SearchState<N>) -> Bool { prunes.contains { $0.test(state) } }

  /// The generator a handler of node `index` starts from, in the search and in its replay.
  static func handlerRandom(seed: UInt64, index: Int) -> SimulationRandom {
    SimulationRandom(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
  }
}
