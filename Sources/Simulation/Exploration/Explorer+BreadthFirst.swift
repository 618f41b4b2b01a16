/// Breadth-first search over reachable states: complete for small configurations, and the first
/// violation it finds is at the smallest depth.
extension Explorer {
  /// Explores every state reachable from the initial one (within the fault bounds, limits and
  /// prunes), checking invariants and goals on each new state.
  ///
  /// Stops at the first violated invariant or reached goal, returning the event sequence that leads
  /// there; otherwise reports that the space (or the depth) was exhausted, or which limit stopped it.
  public func breadthFirst() -> SearchResult<N> {
    var search = BreadthFirstSearch(explorer: self)
    return search.run()
  }
}

/// The bookkeeping of one breadth-first search. A struct whose `run` is mutating: every property
/// is then reached in place (a class's stored properties are copied out for each method call on them).
///
/// States are kept as compact records (`StateRecord`) and events as 64-bit codes (see
/// `StateEncoder`); each state is rebuilt as a `SearchState` only to be expanded.
struct BreadthFirstSearch<N: Node> {
  let explorer: Explorer<N>
  var visited: VisitedStates
  var encoder: StateEncoder<N>
  /// What the search knows of each state, by number (one array, so that a revisit reads one place).
  var info: [StateInfo] = []
  /// The codes of the events asleep at each state (sleep-set reduction): one shared buffer instead
  /// of an array per state, each state's set a range of it. A set only ever shrinks, in place.
  var sleepPool: [UInt64] = []
  var statistics = SearchStatistics()
  let clock = ContinuousClock()
  let started: ContinuousClock.Instant
  var lastProgress: ContinuousClock.Instant

  init(explorer: Explorer<N>) {
    self.explorer = explorer
    visited = VisitedStates(exact: explorer.stateMatching == .exact)
    encoder = StateEncoder(nodeIDs: explorer.nodeIDs)
    started = clock.now
    lastProgress = started
  }

  /// One state's place in the search.
  struct StateInfo {
    /// The code of the event the state was first reached by (`StateEncoder.noEvent` for the initial state).
    var via: UInt64
    /// The state it was first reached from (-1 for the initial state).
    var parent: Int32
    var depth: Int32
    /// Its sleep set: `sleepCount` codes from `sleepStart` in `sleepPool`.
    var sleepStart: Int32 = 0
    var sleepCount: Int32 = 0
    /// Whether its successors have been made (a revisit that wakes events must then schedule them).
    var expanded = false

    var asleep: Range<Int> { Int(sleepStart)..<Int(sleepStart + sleepCount) }
  }

  /// A state to expand: all its awake events, or (after a revisit woke some) only the event codes
  /// `wokenCount` long from `wokenStart` in its frontier's pool of woken events.
  struct Task {
    var id: Int32
    var wokenStart: Int32 = -1
    var wokenCount: Int32 = 0
  }

  mutating func run() -> SearchResult<N> {
    // A local copy, which the loop and the helpers borrow while `self` changes.
    let explorer = self.explorer
    if let problem = explorer.configurationProblem {
      return SearchResult(outcome: .invalidConfiguration(problem), path: [], state: nil, statistics: statistics)
    }
    let pruning = !explorer.prunes.isEmpty
    let stateLimit = explorer.maxStates ?? .max
    let sleepSets = explorer.reduction == .sleepSets
    let (initial, issues) = explorer.initialState()
    var record: [UInt32] = []
    let rootFingerprint = encoder.encode(initial, into: &record)
    let root = add(record, fingerprint: rootFingerprint, parent: -1, via: StateEncoder<N>.noEvent, depth: 0)
    if let verdict = verdict(for: root, state: initial, issues: issues, explorer) { return verdict }
    var frontier = [Task(id: root)], next: [Task] = []
    // The events woken by revisits, for the tasks of `frontier` and of `next`.
    var woken: [UInt64] = [], nextWoken: [UInt64] = []
    var cutByDepth = false
    var scratch: [Effect<N>] = []
    // Buffers reused across every expansion: the codes of the enabled events, and of the events
    // whose subtrees are covered already (asleep here, or tried from here earlier).
    var codes: [UInt64] = []
    var covered: [UInt64] = []
    // The state being expanded and its record, and the state each step is computed in: their
    // buffers are reused for every state.
    var state = initial.detached()
    var stateRecord: [UInt32] = []
    var work = initial.detached()
    // The state counts when the last two frontiers started expanding: a frontier's tasks are the
    // states found while expanding the one before, and states revisited there (mostly its own).
    var earlierCounts = (0, 0)
    while !frontier.isEmpty {
      visited.forget(below: earlierCounts.0)
      earlierCounts = (earlierCounts.1, visited.count)
      for task in frontier {
        let id = task.id
        load(id, into: &state, record: &stateRecord, explorer)
        encoder.enabledCodes(in: stateRecord, faults: explorer.faults, timerOrder: explorer.timerOrder, into: &codes)
        assert(codes.map(encoder.event(for:)) == explorer.enabledEvents(in: state), "record and state disagree")
        if let maxDepth = explorer.maxDepth, Int(info[Int(id)].depth) >= maxDepth {
          if !codes.isEmpty { cutByDepth = true }
          continue
        }
        if pruning && explorer.isPruned(state) { continue }
        covered.clear()
        covered.append(contentsOf: sleepPool[info[Int(id)].asleep])
        let asleepCount = covered.count
        // Marked before its successors are made, so that a successor equal to this very state
        // (a self-loop) that wakes an event schedules it again.
        info[Int(id)].expanded = true
        let only = task.wokenStart < 0 ? nil : Int(task.wokenStart)..<Int(task.wokenStart + task.wokenCount)
        if let only {
          // A revisit woke these: the rest of the awake events were tried at the first expansion.
          for code in codes
          where !Self.contains(code, covered, 0..<asleepCount) && !Self.contains(code, woken, only) {
            covered.append(code)
          }
        }
        let childDepth = info[Int(id)].depth + 1
        for position in 0..<(only?.count ?? codes.count) {
          let code: UInt64
          if let only {
            code = woken[only.lowerBound + position]
          } else {
            code = codes[position]
            if Self.contains(code, covered, 0..<asleepCount) {
              statistics.transitionsSkipped += 1
              continue
            }
          }
          work.load(from: state)
          let event = encoder.event(for: code)
          guard let changes = explorer.perform(event, on: &work, scratch: &scratch, refreshing: false) else { continue }
          statistics.transitions += 1
          let fingerprint = encoder.encode(
            &work, steppedFrom: state, record: stateRecord, changes: changes, into: &record)
          // Debug builds check the incremental encoding on every eighth step (every step would cost too much).
          assert(statistics.transitions & 7 != 0 || encoder.rebuilds(work, from: record), "record and state disagree")
          let pruned = pruning && explorer.isPruned(work)
          if let existing = visited.find(record, fingerprint: fingerprint) {
            // Only a state with events asleep can be woken by this path (the common case is not).
            if sleepSets && info[Int(existing)].sleepCount > 0 {
              revisit(existing, coveredBefore: covered, event: code, next: &next, woken: &nextWoken)
            }
          } else {
            let child = add(record, fingerprint: fingerprint, parent: id, via: code, depth: childDepth)
            if sleepSets { storeSleep(of: child, covered: covered, event: code) }
            if let verdict = verdict(for: child, state: work, issues: changes.issues, explorer) { return verdict }
            if !pruned { next.append(Task(id: child)) }
          }
          // A successor that was pruned has an unexplored subtree, so its event stays awake for siblings.
          if sleepSets && !pruned { covered.append(code) }
          // The limits, checked in full only now and then (the clock costs more than a step).
          if statistics.states >= stateLimit || statistics.transitions & 4095 == 0, let stop = checkLimits() {
            return stop
          }
        }
      }
      swap(&frontier, &next)
      next.removeAll(keepingCapacity: true)
      swap(&woken, &nextWoken)
      nextWoken.removeAll(keepingCapacity: true)
    }
    statistics.elapsed = clock.now - started
    let outcome: SearchOutcome = cutByDepth ? .depthExhausted(explorer.maxDepth!) : .spaceExhausted
    return SearchResult(outcome: outcome, path: [], state: nil, statistics: statistics)
  }

  /// Whether `codes[range]` contains `code`.
  @inline(__always)
  private static func contains(_ code: UInt64, _ codes: [UInt64], _ range: Range<Int>) -> Bool {
    for i in range where codes[i] == code { return true }
    return false
  }

  /// Records the sleep set of a new state reached by `event`: the covered events independent of it.
  private mutating func storeSleep(of id: Int32, covered: [UInt64], event: UInt64) {
    let start = sleepPool.count
    for other in covered where StateEncoder<N>.independent(other, event) { sleepPool.append(other) }
    info[Int(id)].sleepStart = Int32(start)
    info[Int(id)].sleepCount = Int32(sleepPool.count - start)
  }

  /// A known state reached again by `event` after `coveredBefore`: it must not sleep on anything
  /// this path leaves awake. Events it slept on that this path does not cover are tried again.
  private mutating func revisit(
    _ id: Int32, coveredBefore: [UInt64], event: UInt64, next: inout [Task], woken: inout [UInt64]
  ) {
    func incoming(_ candidate: UInt64) -> Bool {
      StateEncoder<N>.independent(candidate, event) && coveredBefore.contains(candidate)
    }
    let asleep = info[Int(id)].asleep
    let start = asleep.lowerBound
    guard asleep.contains(where: { !incoming(sleepPool[$0]) }) else { return }
    // The new set is a subset of the old one, so it is written over the old one's place (each
    // entry is read before anything is written there).
    let wokenStart = woken.count
    var end = start
    for i in asleep {
      let candidate = sleepPool[i]
      if incoming(candidate) {
        sleepPool[end] = candidate
        end += 1
      } else {
        woken.append(candidate)
      }
    }
    info[Int(id)].sleepCount = Int32(end - start)
    if info[Int(id)].expanded {
      next.append(Task(id: id, wokenStart: Int32(wokenStart), wokenCount: Int32(woken.count - wokenStart)))
    } else {
      woken.removeSubrange(wokenStart...)
    }
  }

  private mutating func add(
    _ record: [UInt32], fingerprint: Int, parent: Int32, via event: UInt64, depth level: Int32
  ) -> Int32 {
    let id = visited.insert(record, length: encoder.length(of: record), fingerprint: fingerprint)
    info.append(StateInfo(via: event, parent: parent, depth: level))
    statistics.states += 1
    statistics.depth = max(statistics.depth, Int(level))
    return id
  }

  private mutating func verdict(
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
    while cursor >= 0, info[Int(cursor)].via != StateEncoder<N>.noEvent {
      path.append(encoder.event(for: info[Int(cursor)].via))
      cursor = info[Int(cursor)].parent
    }
    return path.reversed()
  }

  /// Makes `state` and `record` state `id` and its record: decoded from the record when it is
  /// kept, else rebuilt by replaying its path (fingerprint matching only, and rare: only a revisit
  /// that wakes sleeping events of a state expanded long ago needs it again).
  private mutating func load(
    _ id: Int32, into state: inout SearchState<N>, record: inout [UInt32], _ explorer: Explorer<N>
  ) {
    if let kept = visited.record(id) {
      if record.count < kept.count { record.append(contentsOf: repeatElement(0, count: kept.count - record.count)) }
      record.withUnsafeMutableBufferPointer { copy in
        kept.withUnsafeBufferPointer { copy.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
      }
      encoder.decode(kept, into: &state)
      return
    }
    state = explorer.initialState().state
    for event in path(to: id) { state = explorer.apply(event, to: state)?.state ?? state }
    _ = encoder.encode(state, into: &record)
  }

  /// The result to stop with, if the state limit or (checked every 4096 transitions) the time limit
  /// was reached; also reports progress.
  private mutating func checkLimits() -> SearchResult<N>? {
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

  private mutating func finish(_ outcome: SearchOutcome, at id: Int32, state: SearchState<N>) -> SearchResult<N> {
    statistics.elapsed = clock.now - started
    return SearchResult(outcome: outcome, path: path(to: id), state: state, statistics: statistics)
  }
}
