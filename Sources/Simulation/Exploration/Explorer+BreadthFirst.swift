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
  /// Events asleep at each state (sleep-set reduction); cleared once expanded states can't need them.
  var sleeping: [[SearchEvent<N>]] = []
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
    let root = add(initial, parent: -1, via: nil, depth: 0, sleeping: [])
    if let verdict = verdict(for: root, issues: issues, explorer) { return verdict }
    var frontier = [Task(id: root, only: nil)]
    var cutByDepth = false
    let sleepSets = explorer.reduction == .sleepSets
    var scratch: [Effect<N>] = []
    // The state each step is computed in: its buffers are reused, and copied out only for new states.
    var work = initial.detached()
    while !frontier.isEmpty {
      var next: [Task] = []
      for task in frontier {
        let id = task.id
        let state = visited[id]
        if let maxDepth = explorer.maxDepth, Int(depth[Int(id)]) >= maxDepth {
          if !explorer.enabledEvents(in: state).isEmpty { cutByDepth = true }
          continue
        }
        if pruning && explorer.isPruned(state) { continue }
        let enabled = explorer.enabledEvents(in: state)
        let asleep = sleeping[Int(id)]
        // Events whose subtrees are covered already: asleep here, or tried from here earlier.
        var covered: [SearchEvent<N>] = []
        covered.reserveCapacity(enabled.count)
        covered += asleep
        let toTry: [SearchEvent<N>]
        if let only = task.only {
          toTry = only
          covered += enabled.filter { !asleep.contains($0) && !only.contains($0) }
        } else if asleep.isEmpty {
          toTry = enabled
        } else {
          toTry = enabled.filter { !asleep.contains($0) }
          statistics.transitionsSkipped += enabled.count - toTry.count
        }
        // Marked before its successors are made, so that a successor equal to this very state
        // (a self-loop) that wakes an event schedules it again.
        expanded[Int(id)] = true
        let childDepth = depth[Int(id)] + 1
        for event in toTry {
          work.load(from: state)
          guard let issues = explorer.perform(event, on: &work, scratch: &scratch) else { continue }
          let successor = work
          statistics.transitions += 1
          let pruned = pruning && explorer.isPruned(successor)
          if let existing = visited.find(successor) {
            // Only a state with events asleep can be woken by this path (the common case is not).
            if sleepSets && !sleeping[Int(existing)].isEmpty {
              revisit(existing, sleeping: covered.filter { Self.independent($0, event) }, next: &next)
            }
          } else {
            let childSleep = sleepSets && !covered.isEmpty ? covered.filter { Self.independent($0, event) } : []
            let child = add(successor.detached(), parent: id, via: event, depth: childDepth, sleeping: childSleep)
            if let verdict = verdict(for: child, issues: issues, explorer) { return verdict }
            if !pruned { next.append(Task(id: child, only: nil)) }
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

  /// A known state reached again: it must not sleep on anything this path leaves awake.
  private func revisit(_ id: Int32, sleeping incoming: [SearchEvent<N>], next: inout [Task]) {
    let old = sleeping[Int(id)]
    guard !old.isEmpty else { return }
    let woken = old.filter { !incoming.contains($0) }
    guard !woken.isEmpty else { return }
    sleeping[Int(id)] = old.filter { incoming.contains($0) }
    if expanded[Int(id)] { next.append(Task(id: id, only: woken)) }
  }

  private func add(
    _ state: SearchState<N>, parent: Int32, via event: SearchEvent<N>?, depth level: Int32,
    sleeping asleep: [SearchEvent<N>]
  ) -> Int32 {
    let id = visited.insert(state)
    self.parent.append(parent)
    via.append(event)
    depth.append(level)
    sleeping.append(asleep)
    expanded.append(false)
    statistics.states += 1
    statistics.depth = max(statistics.depth, Int(level))
    return id
  }

  private func verdict(for id: Int32, issues: [String], _ explorer: Explorer<N>) -> SearchResult<N>? {
    if issues.isEmpty && explorer.invariants.isEmpty && explorer.goals.isEmpty { return nil }
    let state = visited[id]
    if let violated = explorer.violation(in: state, issues: issues) {
      return finish(.invariantViolated(violated), at: id)
    }
    if let goal = explorer.reachedGoal(state) { return finish(.goalReached(goal), at: id) }
    return nil
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

  private func finish(_ outcome: SearchOutcome, at id: Int32) -> SearchResult<N> {
    statistics.elapsed = clock.now - started
    var path: [SearchEvent<N>] = []
    var cursor = id
    while cursor >= 0, let event = via[Int(cursor)] {
      path.append(event)
      cursor = parent[Int(cursor)]
    }
    return SearchResult(outcome: outcome, path: path.reversed(), state: visited[id], statistics: statistics)
  }
}
