/// How much a search did.
public struct SearchStatistics: Hashable, Sendable {
  /// Distinct states found (breadth-first), or states visited along all walks (random walks).
  public var states = 0
  /// Events executed: successor states computed, including ones already seen.
  public var transitions = 0
  /// Events a reduction skipped because an equivalent interleaving covers them.
  public var transitionsSkipped = 0
  /// The deepest level reached (events from the start).
  public var depth = 0
  /// Wall-clock time spent.
  public var elapsed: Duration = .zero

  /// Wall-clock time in whole milliseconds (at least 1 for any search that ran).
  public var milliseconds: Int64 {
    let ms = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    return elapsed > .zero ? max(ms, 1) : 0
  }

  /// Distinct states per second of wall-clock time.
  public var statesPerSecond: Double {
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return seconds > 0 ? Double(states) / seconds : 0
  }
}

/// How a search ended.
public enum SearchOutcome: Hashable, Sendable {
  /// Every reachable state (short of pruned ones) was checked; no invariant failed, no goal was reached.
  case spaceExhausted
  /// Every state within this many events was checked without a violation; deeper states exist.
  case depthExhausted(Int)
  /// A state violates the named invariant, or a node reported a mistake (the text says which).
  case invariantViolated(String)
  /// A state satisfies the named goal.
  case goalReached(String)
  /// The search stopped after this many states without a verdict.
  case stoppedAtStateLimit(Int)
  /// The search stopped after this much time without a verdict.
  case stoppedAtTimeLimit(Duration)
  /// Random walks ran to their depth without a violation or a goal.
  case walksCompleted(Int)
  /// The search could not start: the text names the field that is wrong (e.g. a duplicate node).
  case invalidConfiguration(String)
}

/// The verdict of a search, the event sequence that leads to the state it is about, and statistics.
public struct SearchResult<N: Node>: Sendable {
  /// How the search ended.
  public let outcome: SearchOutcome
  /// For a violation or a goal: the events from the initial state to the state in question
  /// (the shortest such sequence, when breadth-first).
  public let path: [SearchEvent<N>]
  /// The state the path ends in (the violating or goal state), if any.
  public let state: SearchState<N>?
  /// What the search did.
  public let statistics: SearchStatistics

  /// Whether no invariant was violated (the search may still have stopped at a limit).
  public var isSafe: Bool {
    switch outcome {
    case .invariantViolated, .invalidConfiguration: false
    default: true
    }
  }

  /// Whether a goal state was found.
  public var reachedGoal: Bool {
    if case .goalReached = outcome { return true }
    return false
  }

  /// A human-readable report: the verdict, the numbered path, and the statistics.
  public var report: String {
    var lines: [String] = []
    switch outcome {
    case .spaceExhausted: lines.append("explored every reachable state: no invariant violated")
    case .depthExhausted(let depth): lines.append("explored every state within \(depth) events: no invariant violated")
    case .invariantViolated(let name): lines.append("invariant violated: \(name) (after \(path.count) events)")
    case .goalReached(let name): lines.append("goal reached: \(name) (after \(path.count) events)")
    case .stoppedAtStateLimit(let limit): lines.append("stopped at the state limit (\(limit) states) without a verdict")
    case .stoppedAtTimeLimit(let limit): lines.append("stopped at the time limit (\(limit)) without a verdict")
    case .walksCompleted(let walks): lines.append("\(walks) random walks: no invariant violated")
    case .invalidConfiguration(let problem): lines.append("cannot search: \(problem)")
    }
    for (step, event) in path.enumerated() { lines.append("  \(step + 1). \(event)") }
    let s = statistics
    lines.append(
      "states \(s.states), transitions \(s.transitions) (\(s.transitionsSkipped) skipped by reduction), "
        + "depth \(s.depth), \(s.milliseconds) ms")
    return lines.joined(separator: "\n")
  }
}
