import Foundation

/// Checks whether a history is sequentially consistent (Lamport 1979): some total order of its
/// operations keeps every process's own order and obeys the model, whatever real time says.
///
/// Unlike linearizability, sequential consistency is not compositional: keys cannot be checked
/// apart, so a model that splits by key is checked on all keys at once (`WholeHistory`). The search
/// walks the processes' programs: a node is how far each process has got plus the model state,
/// memoised; an operation that never changes the state is placed as soon as it can be, and a
/// pending operation (always the last of its process) may be placed or left out.
public struct SequentialConsistencyChecker<M: Model>: Sendable {
  /// The sequential specification.
  public var model: M
  /// Longest time the check may take; nil for no limit.
  public var timeLimit: Duration?
  /// Most nodes the search may remember before giving up.
  public var maxStates: Int

  /// Creates a checker with a budget.
  public init(model: M, timeLimit: Duration? = nil, maxStates: Int = 20_000_000) {
    self.model = model
    self.timeLimit = timeLimit
    self.maxStates = maxStates
  }

  /// Checks `history`.
  ///
  /// - Throws: `HistoryParseError.badField` for an operation the model cannot read.
  public func check(_ history: History) throws(HistoryParseError) -> SequentialConsistencyResult {
    let clock = ContinuousClock()
    let started = clock.now
    let whole = WholeHistory(model: model)
    // Each process's operations, in program order.
    var programs: [[(operation: Int, input: M.Input, output: M.Output?, pending: Bool)]] = []
    var programOf: [Int: Int] = [:]
    var considered = 0
    for (index, operation) in history.operations.enumerated() {
      guard let (input, output) = try model.prepare(operation, in: history) else { continue }
      if output == nil && model.isReadOnly(input) { continue }
      considered += 1
      let program = programOf[operation.process] ?? {
        programs.append([])
        programOf[operation.process] = programs.count - 1
        return programs.count - 1
      }()
      programs[program].append((index, input, output, operation.status == .pending))
    }
    let deadline = timeLimit.map { started + $0 }

    var visited = Set<SearchNode>()
    var positions = [Int32](repeating: 0, count: programs.count)
    var state = whole.initialState
    // A frame remembers the node it left and which process it advanced; `next` is the process to try after it.
    var stack: [(process: Int, state: WholeHistory<M>.State, forced: Bool)] = []
    var nextProcess = 0
    var best: (depth: Int, order: [Int]) = (0, [])
    var iterations = 0
    var verdict: SequentialConsistencyResult.Verdict = .violated
    var reason: String?

    func isDone(_ p: Int) -> Bool { Int(positions[p]) >= programs[p].count }
    search: while true {
      if visited.count > maxStates { verdict = .unknown; reason = "state limit (\(maxStates) states) reached"; break }
      iterations &+= 1
      if iterations & 0x3FF == 0 {
        if let deadline, ContinuousClock.now > deadline { verdict = .unknown; reason = "time limit reached"; break }
      }
      // Success once every process has run (pending operations may be left out, see below).
      if (0..<programs.count).allSatisfy({ isDone($0) || (programs[$0][Int(positions[$0])].pending) }) {
        verdict = .satisfied
        break
      }
      var advanced = false
      var p = nextProcess
      while p < programs.count {
        defer { p += 1 }
        if isDone(p) { continue }
        let step = programs[p][Int(positions[p])]
        guard let newState = whole.step(state, step.input, step.output) else { continue }
        positions[p] += 1
        if visited.insert(SearchNode(positions: positions, state: newState)).inserted {
          let forced = model.neverChangesState(step.input, step.output)
          stack.append((p, state, forced))
          state = newState
          if stack.count > best.depth { best = (stack.count, stack.map(\.process)) }
          advanced = true
          break
        }
        positions[p] -= 1
        if model.neverChangesState(step.input, step.output) { break }  // that node failed before; so does this one
      }
      if advanced {
        nextProcess = 0
        continue
      }
      // Backtrack; forced placements are undone without trying alternatives.
      while true {
        guard let frame = stack.popLast() else { break search }
        positions[frame.process] -= 1
        state = frame.state
        if !frame.forced {
          nextProcess = frame.process + 1
          break
        }
      }
    }
    // Replay the deepest order of processes as operations, with the state after each.
    var cursor = [Int](repeating: 0, count: programs.count)
    var replayed = whole.initialState
    var steps: [Counterexample.Step] = []
    for process in best.order {
      let op = programs[process][cursor[process]]
      cursor[process] += 1
      replayed = whole.step(replayed, op.input, op.output) ?? replayed
      steps.append(.init(operation: op.operation, description: model.describe(op.input, op.output), stateAfter: whole.describe(replayed)))
    }
    let blocked = programs.indices.compactMap { p in cursor[p] < programs[p].count ? programs[p][cursor[p]].operation : nil }
    return SequentialConsistencyResult(
      verdict: verdict, model: M.name, operations: history.operations.count,
      omitted: history.operations.count - considered, processes: programs.count, explored: visited.count,
      elapsed: clock.now - started, unknownReason: reason,
      furthest: verdict == .satisfied ? [] : steps, blocked: verdict == .violated ? blocked : [],
      initialState: whole.describe(whole.initialState))
  }
}

extension SequentialConsistencyChecker {
  /// How far each process has got, and the state: one node of the search.
  struct SearchNode: Hashable {
    var positions: [Int32]
    var state: WholeHistory<M>.State
  }
}
