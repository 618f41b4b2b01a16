/// Breadth-first search over reachable states: complete for small configurations, and the first
/// violation it finds is at the smallest depth.
extension Explorer {
  /// Explores every state reachable from the initial one (within the fault bounds, limits and
  /// prunes), checking invariants and goals on each new state.
  ///
  /// Stops at the first violated invariant or reached goal, returning the event sequence that leads
  /// there; otherwise reports that the space (or the depth) was exhausted, or which limit stopped it.
  public func breadthFirst() -> SearchResult<N> {
    BreadthFirstSearch(explorer: self).run()
  }
}

/// The bookkeeping of one breadth-first search (a class, so the hot loop never copies it).
final class BreadthFirstSearch<N: Node> {
  let explorer: Explorer<N>
  var visited: VisitedStates<N>
  var parent: [Int32] = []
  var via: [SearchEvent<N>?] = []
  var depth: [Int32] = []
  /// Events asleep at each state (sleep-set reduction), as a range of `sleepPool`: one shared
  /// buffer instead of an array per state. A set only ever shrinks, in place.
  var sleepStart: [Int32] = []
  var sleepCount: [Int32] = []
  var sleepPool: [SearchEvent<N>] = []
  var expanded: [Bool] = []
  var statistics = SearchStatistics()
  let clock = ContinuousClock()
  let started: ContinuousClock.Instant
  var lastProgress: ContinuousClock.Instant

  init(explorer: Explorer<N>) {
    self.explorer = explorer
    visited = VisitedStates(exact: explorer.stateMatching == .exact)
    started = clock.now
    lastProgress = started
  }

  /// A state to expand: all its awake events, or (after a revisit woke some) only `only`.
  struct Task {
    var id: Int32
    /// The state, for a state seen for the first time (a revisit looks it up or rebuilds it).
    var state: SearchState<N>?
    var only: [SearchEvent<N>]?
  }

  func run() -> SearchResult<N> {
    // A local copy: reading the stored property in the loop would copy the whole struct each time.
    let explorer = self.explorer
    if let problem = explorer.configurationProblem {
      return SearchResult(outcome: .invalidConfiguration(problem), path: [], state: nil, statistics: statistics)
    }
    let pruning = !explorer.prunes.isEmpty
    let (initial, issues) = explorer.initialState()
    let root = add(initial, parent: -1, via: nil, depth: 0)
    if let verdict = verdict(for: root, state: initial, issues: issues, explorer) { return verdict }
    var frontier = [Task(id: root, state: initial, only: nil)]
    var cutByDepth = false
    let sleepSets = explorer.reduction == .sleepSets
    var scratch: [Effect<N>] = []
    // Buffers reused across every expansion: the enabled events, and the events whose subtrees are
    // covered already (asleep here, or tried from here earlier).
    var enabled: [SearchEvent<N>] = []
    var covered: [SearchEvent<N>] = []
    // The state each step is computed in: its buffers are reused, and copied out only for new states.
    var work = initial.detached()
    while !frontier.isEmpty {
      var next: [Task] = []
      for task in frontier {
        let id = task.id
        let state = task.state ?? stateOf(id, explorer)
        if let maxDepth = explorer.maxDepth, Int(depth[Int(id)]) >= maxDepth {
          explorer.enabledEvents(in: state, into: &enabled)
          if !enabled.isEmpty { cutByDepth = true }
          continue
        }
        if pruning && explorer.isPruned(state) { continue }
        explorer.enabledEvents(in: state, into: &enabled)
        covered.removeAll(keepingCapacity: true)
        covered.append(contentsOf: asleep(id))
        let asleepCount = covered.count
        // Marked before its successors are made, so that a successor equal to this very state
        // (a self-loop) that wakes an event schedules it again.
        expanded[Int(id)] = true
        if let only = task.only {
          // A revisit woke these: the rest of the awake events were tried at the first expansion.
          for event in enabled where !covered[..<asleepCount].contains(event) && !only.contains(event) {
            covered.append(event)
          }
        }
        let childDepth = depth[Int(id)] + 1
        for event in task.only ?? enabled {
          if task.only == nil && covered[..<asleepCount].contains(event) {
            statistics.transitionsSkipped += 1
            continue
          }
          work.load(from: state)
          guard let issues = explorer.perform(event, on: &work, scratch: &scratch) else { continue }
          statistics.transitions += 1
          let pruned = pruning && explorer.isPruned(work)
          if let existing = visited.find(work) {
            // Only a state with events asleep can be woken by this path (the common case is not).
            if sleepSets && sleepCount[Int(existing)] > 0 {
              revisit(existing, coveredBefore: covered, event: event, next: &next)
            }
          } else {
            let stored = work.detached()
            let child = add(stored, parent: id, via: event, depth: childDepth)
            if sleepSets { storeSleep(of: child, covered: covered, event: event) }
            if let verdict = verdict(for: child, state: stored, issues: issues, explorer) { return verdict }
            if !pruned { next.append(Task(id: child, state: stored, only: nil)) }
          }
          // A successor that was pruned has an unexplored subtree, so its event stays awake for siblings.
          if sleepSets && !pruned { covered.append(event) }
          if let stop = checkLimits() { return stop }
        }
      }
      frontier = next
    }
    statistics.elapsed = clock.now - started
    let outcome: SearchOutcome = cutByDepth ? .depthExhausted(explorer.maxDepth!) : .spaceExhausted
    return SearchResult(outcome: outcome, path: [], state: nil, statistics: statistics)
  }

  /// The events asleep at state `id`.
  private func asleep(_ id: Int32) -> ArraySlice<SearchEvent<N>> {
    let start = Int(sleepStart[Int(id)])
    return sleepPool[start..<start + Int(sleepCount[Int(id)])]
  }

  /// Records the sleep set of a new state reached by `event`: the covered events independent of it.
  private func storeSleep(of id: Int32, covered: [SearchEvent<N>], event: SearchEvent<N>) {
    let start = sleepPool.count
    for other in covered where Self.independent(other, event) { sleepPool.append(other) }
    sleepStart[Int(id)] = Int32(start)
    sleepCount[Int(id)] = Int32(sleepPool.count - start)
  }

  /// Two events commute (either order reaches the same state) and neither disables the other.
  static func independent(_ a: SearchEvent<N>, _ b: SearchEvent<N>) -> Bool {
    if let x = a.node, let y = b.node, x == y { return false }
    switch (a, b) {
    case (.drop, .drop), (.drop, .duplicate), (.duplicate, .drop), (.duplicate, .duplicate), (.crash, .crash):
      return false
    case (.drop(let x), .deliver(let y)), (.deliver(let y), .drop(let x)),
      (.duplicate(let x), .deliver(let y)), (.deliver(let y), .duplicate(let x)):
      return x != y
    default:
      return true
    }
  }

  /// A known state reached again by `event` after `coveredBefore`: it must not sleep on anything
  /// this path leaves awake. Events it slept on that this path does not cover are tried again.
  private func revisit(_ id: Int32, coveredBefore: [SearchEvent<N>], event: SearchEvent<N>, next: inout [Task]) {
    func incoming(_ candidate: SearchEvent<N>) -> Bool {
      Self.independent(candidate, event) && coveredBefore.contains(candidate)
    }
    guard asleep(id).contains(where: { !incoming($0) }) else { return }
    // A copy: a slice of the pool kept alive while the pool grows would make every append copy it.
    let old = Array(asleep(id))
    let woken = old.filter { !incoming($0) }
    // The new set is a subset of the old one, so it is written over the old one's place.
    var end = Int(sleepStart[Int(id)])
    for candidate in old where incoming(candidate) {
      sleepPool[end] = candidate
      end += 1
    }
    sleepCount[Int(id)] = Int32(end) - sleepStart[Int(id)]
    if expanded[Int(id)] { next.append(Task(id: id, state: nil, only: Array(woken))) }
  }

  private func add(_ state: SearchState<N>, parent: Int32, via event: SearchEvent<N>?, depth level: Int32) -> Int32 {
    let id = visited.insert(state)
    self.parent.append(parent)
    via.append(event)
    depth.append(level)
    sleepStart.append(0)
    sleepCount.append(0)
    expanded.append(false)
    statistics.states += 1
    statistics.depth = max(statistics.depth, Int(level))
    return id
  }

  private func verdict(
    for id: Int32, state: SearchState<N>, issues: [String], _ explorer: Explorer<N>
  ) -> SearchResult<N>? {
    if issues.isEmpty && explorer.invariants.isEmpty && explorer.goals.isEmpty { return nil }
    if let violated = explorer.violation(in: state, issues: issues) {
      return finish(.invariantViolated(violated), at: id, state: state)
    }
    if let goal = explorer.reachedGoal(state) { return finish(.goalReached(goal), at: id, state: state) }
    return nil
  }

  /// The events from the initial state to state `id`.
  private func path(to id: Int32) -> [SearchEvent<N>] {
    var path: [SearchEvent<N>] = []
    var cursor = id
    while cursor >= 0, let event = via[Int(cursor)] {
      path.append(event)
      cursor = parent[Int(cursor)]
    }
    return path.reversed()
  }

  /// State `id`: kept when matching is exact, else rebuilt by replaying its path (rare: only a
  /// revisit that wakes sleeping events needs an expanded state again).
  private func stateOf(_ id: Int32, _ explorer: Explorer<N>) -> SearchState<N> {
    if let kept = visited.state(id) { return kept }
    var state = explorer.initialState().state
    for event in path(to: id) { state = explorer.apply(event, to: state)?.state ?? state }
    return state
  }

  private func checkLimits() -> SearchResult<N>? {
    if let limit = explorer.maxStates, statistics.states >= limit {
      statistics.elapsed = clock.now - started
      return SearchResult(outcome: .stoppedAtStateLimit(limit), path: [], state: nil, statistics: statistics)
    }
    guard statistics.transitions & 4095 == 0 else { return nil }
    let now = clock.now
    if let limit = explorer.timeLimit, now - started >= limit {
      statistics.elapsed = now - started
      return SearchResult(outcome: .stoppedAtTimeLimit(limit), path: [], state: nil, statistics: statistics)
    }
    if let progress = explorer.progress, now - lastProgress >= .seconds(1) {
      lastProgress = now
      statistics.elapsed = now - started
      progress(statistics)
    }
    return nil
  }

  private func finish(_ outcome: SearchOutcome, at id: Int32, state: SearchState<N>) -> SearchResult<N> {
    statistics.elapsed = clock.now - started
    return SearchResult(outcome: outcome, path: path(to: id), state: state, statistics: statistics)
  }
}
