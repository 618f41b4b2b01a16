/// Random depth-first walks: deep, memory-light probing of configurations too large to exhaust.
extension Explorer {
  /// Runs `walks` random walks of up to `depth` events each from the initial state, choosing each
  /// enabled event uniformly with a generator seeded by `seed`, and checking every state visited.
  ///
  /// The first violation (or goal) ends the search with the walk that reached it; that path is
  /// usually longer than the shortest one, so shrink it with `breadthFirst()` when it fits.
  public func randomWalks(_ walks: Int, depth: Int, seed walkSeed: UInt64 = 1) -> SearchResult<N> {
    let clock = ContinuousClock()
    let started = clock.now
    var lastProgress = started
    var random = SimulationRandom(seed: walkSeed)
    var statistics = SearchStatistics()
    if let problem = configurationProblem ?? (walks < 0 ? "walks: \(walks) is negative" : depth < 0 ? "depth: \(depth) is negative" : nil) {
      return SearchResult(outcome: .invalidConfiguration(problem), path: [], state: nil, statistics: statistics)
    }
    let (initial, bootIssues) = initialState()
    statistics.states = 1
    func finished(_ outcome: SearchOutcome, _ path: [SearchEvent<N>], _ state: SearchState<N>?) -> SearchResult<N> {
      statistics.elapsed = clock.now - started
      return SearchResult(outcome: outcome, path: path, state: state, statistics: statistics)
    }
    if let violated = violation(in: initial, issues: bootIssues) { return finished(.invariantViolated(violated), [], initial) }
    if let goal = reachedGoal(initial) { return finished(.goalReached(goal), [], initial) }
    for _ in 0..<walks {
      var state = initial
      var path: [SearchEvent<N>] = []
      while path.count < depth, !isPruned(state) {
        let events = enabledEvents(in: state)
        if events.isEmpty { break }
        let event = events[Int(random.next() % UInt64(events.count))]
        guard let (next, issues) = apply(event, to: state) else { break }
        state = next
        path.append(event)
        statistics.transitions += 1
        statistics.states += 1
        statistics.depth = max(statistics.depth, path.count)
        if let violated = violation(in: state, issues: issues) { return finished(.invariantViolated(violated), path, state) }
        if let goal = reachedGoal(state) { return finished(.goalReached(goal), path, state) }
      }
      let now = clock.now
      if let limit = timeLimit, now - started >= limit { return finished(.stoppedAtTimeLimit(limit), [], nil) }
      if let progress, now - lastProgress >= .seconds(1) {
        lastProgress = now
        statistics.elapsed = now - started
        progress(statistics)
      }
    }
    return finished(.walksCompleted(walks), [], nil)
  }

  /// The states along `path` from the initial state (the initial state first), or nil with the
  /// position of the first event that is not enabled where it is applied.
  public func states(along path: [SearchEvent<N>]) -> Result<[SearchState<N>], PathError> {
    var states = [initialState().state]
    for (position, event) in path.enumerated() {
      guard let (next, _) = apply(event, to: states[states.count - 1]) else {
        return .failure(PathError(step: position + 1, event: event.description))
      }
      states.append(next)
    }
    return .success(states)
  }
}

/// An event sequence that cannot be executed: the event at `step` (counted from 1) is not enabled.
public struct PathError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The position of the offending event, counted from 1.
  public let step: Int
  /// The event, as text.
  public let event: String

  /// Creates the error for the event at `step`.
  public init(step: Int, event: String) {
    self.step = step
    self.event = event
  }

  public var description: String { "step \(step) (\(event)) is not enabled in the state the earlier steps reach" }
}
