import Foundation

/// One operation of a part, ready for the search.
struct SearchOperation<M: Model> {
  /// Index in `History.operations`.
  var operation: Int
  var input: M.Input
  var output: M.Output?
  /// Position of the invocation event.
  var call: Int
  /// Position of the completion event; `Int.max` when pending.
  var returnPosition: Int
}

/// What a search on one part found.
enum SearchOutcome {
  case linearizable(order: [Int], explored: Int)
  case violation(Furthest)
  case unknown(reason: String, Furthest)
}

/// The deepest partial linearizations a search reached, and the operation that stopped it.
struct Furthest {
  /// How many operations the deepest linearizations placed.
  var depth = 0
  /// Up to three distinct deepest orders, as indices into the part's operations.
  var orders: [[Int]] = []
  /// The completed operation that could not be placed after a deepest order.
  var blocked: Int?
  /// Distinct (linearized set, state) pairs visited.
  var explored = 0
  /// When the part was decided by register zones rather than searched: why it fails.
  var zoneReason: String?
}

/// The Wing–Gong search with Lowe's memoisation, as in Porcupine: walk the history's call and
/// return events in time order, try to linearize each operation whose call is reached, cache
/// every (linearized set, state) pair already explored, and backtrack on reaching the return of an
/// operation not yet linearized. (Wing and Gong, "Testing and verifying concurrent objects", 1993;
/// Lowe, "Testing for linearizability", 2017.)
///
/// One pruning on top: an operation that never changes the state (a read, a failed cas), once it
/// can be placed, is placed at once and never branched on; moving it earlier in any valid order
/// keeps the order valid, so nothing is lost.
///
/// Pending operations with equal inputs are placed only in the order they were invoked (symmetry).
/// And one for models that say which states a read can still reach (`Model.mayObserveLater`): a
/// placement that leaves some already-invoked read unable ever to observe its output is not made.
///
/// Pending operations return after everything else, so once only pending returns remain every
/// completed operation is placed and the history is linearizable; a pending operation that never
/// took effect is simply never placed.
struct WGLSearch<M: Model> {
  let model: M
  let operations: [SearchOperation<M>]
  let deadline: ContinuousClock.Instant?
  let maxStates: Int
  let shouldStop: @Sendable () -> Bool
  /// Whether to try pending operations after completed ones at each step (see `run`).
  var deferPending = false

  func run() -> SearchOutcome {
    let n = operations.count
    if n == 0 { return .linearizable(order: [], explored: 0) }
    // Entries: 0 is the head sentinel; 1...2n are call and return events in time order.
    var events: [(time: Int, isReturn: Bool, operation: Int)] = []
    events.reserveCapacity(2 * n)
    for (i, op) in operations.enumerated() {
      events.append((op.call, false, i))
      events.append((op.returnPosition, true, i))
    }
    events.sort { ($0.time, $0.isReturn ? 1 : 0, $0.operation) < ($1.time, $1.isReturn ? 1 : 0, $1.operation) }
    let count = 2 * n + 1
    var next = [Int32](repeating: -1, count: count)
    var previous = [Int32](repeating: -1, count: count)
    var entryOperation = [Int32](repeating: -1, count: count)
    var isCall = [Bool](repeating: false, count: count)
    var returnEntry = [Int32](repeating: -1, count: count)
    var callEntryOf = [Int32](repeating: -1, count: n)
    for (position, event) in events.enumerated() {
      let entry = position + 1
      entryOperation[entry] = Int32(event.operation)
      isCall[entry] = !event.isReturn
      previous[entry] = Int32(position)
      next[position] = Int32(entry)
      if event.isReturn { returnEntry[Int(callEntryOf[event.operation])] = Int32(entry) } else {
        callEntryOf[event.operation] = Int32(entry)
      }
    }

    @inline(__always) func unlink(_ e: Int) {
      let p = Int(previous[e]), nx = next[e]
      next[p] = nx
      if nx >= 0 { previous[Int(nx)] = Int32(p) }
    }
    @inline(__always) func relink(_ e: Int) {
      let p = Int(previous[e]), nx = next[e]
      next[p] = Int32(e)
      if nx >= 0 { previous[Int(nx)] = Int32(e) }
    }

    var cache = StateCache<M.State>(operations: n)
    var linearized = [UInt64](repeating: 0, count: cache.words)
    var setHash: UInt64 = 0
    // One random word per operation; the set's hash is the XOR of its members' words.
    let zobrist: [UInt64] = (0..<n).map { StateCache<M.State>.mix(UInt64($0) &* 0xD1B5_4A32_D192_ED03) }
    var state = model.initialState
    var stack: [(entry: Int, state: M.State, forced: Bool)] = []
    // Reachability pruning: which resets (not yet placed) could give each read its output again.
    let prunes = operations.allSatisfy { !model.resetsState($0.input) || model.resetTarget($0.input) != nil }
    var rescuers: [[Int]] = Array(repeating: [], count: prunes ? n : 0)
    // Reads with a known output: the ones the pruning watches.
    var watched = [Bool](repeating: false, count: prunes ? n : 0)
    if prunes {
      let resets = operations.indices.compactMap { i in model.resetTarget(operations[i].input).map { (i, $0) } }
      for (r, op) in operations.enumerated() where model.isReadOnly(op.input) {
        guard let output = op.output else { continue }
        watched[r] = true
        rescuers[r] = resets.filter { model.mayObserveLater(op.input, output, from: $0.1) }.map(\.0)
      }
    }
    /// False if some read whose call has been reached could never observe its output after
    /// `placed` moves the state to `candidate`.
    func readsStillPossible(from candidate: M.State, placing placed: Int) -> Bool {
      var e = Int(next[0])
      while e >= 0 && isCall[e] {
        let r = Int(entryOperation[e])
        if r != placed, watched[r], let output = operations[r].output,
          !model.mayObserveLater(operations[r].input, output, from: candidate),
          !rescuers[r].contains(where: { $0 != placed && linearized[$0 >> 6] & (1 << UInt64($0 & 63)) == 0 })
        {
          return false
        }
        e = Int(next[e])
      }
      return true
    }
    var furthest = Furthest()
    var iterations = 0
    let isPending = operations.map { $0.returnPosition == Int.max }
    // Per-operation facts asked once, not on every visit (they copy the operation's input).
    let isForced = operations.map { model.neverChangesState($0.input, $0.output) }
    // Pending operations with the same input are interchangeable: whichever was invoked first can
    // stand in for a later twin anywhere the twin could go. So a twin is placed only after the one
    // before it, which removes the symmetric orders.
    var earlierTwin = [Int](repeating: -1, count: n)
    var lastPendingWith: [M.Input: Int] = [:]
    for i in operations.indices.sorted(by: { operations[$0].call < operations[$1].call })
    where isPending[i] && operations[i].output == nil {
      earlierTwin[i] = lastPendingWith[operations[i].input] ?? -1
      lastPendingWith[operations[i].input] = i
    }

    func currentOrder() -> [Int] { stack.map { Int(entryOperation[$0.entry]) } }

    // The candidates of a node are the call entries before the first return entry still listed.
    // With `deferPending` they are tried completed operations first, then pending ones (each group
    // in time order); otherwise in time order. Either order explores the same space when there is no
    // linearization; which finds one sooner depends on the history, so the checker runs both.
    var candidates: [Int] = []
    var firstReturn = -1
    func collectCandidates() {
      candidates.removeAll(keepingCapacity: true)
      var e = Int(next[0])
      var deferred = 0
      while e >= 0 && isCall[e] {
        if isPending[Int(entryOperation[e])] && deferPending { deferred += 1 } else { candidates.append(e) }
        e = Int(next[e])
      }
      firstReturn = e
      if deferred > 0 {
        var p = Int(next[0])
        while p >= 0 && isCall[p] {
          if isPending[Int(entryOperation[p])] { candidates.append(p) }
          p = Int(next[p])
        }
      }
    }

    collectCandidates()
    var position = 0
    while true {
      iterations &+= 1
      if iterations & 0x3FF == 0 {
        furthest.explored = cache.count
        if shouldStop() { return .unknown(reason: "stopped: another part already failed", furthest) }
        if let deadline, ContinuousClock.now > deadline { return .unknown(reason: "time limit reached", furthest) }
        if cache.count > maxStates { return .unknown(reason: "state limit (\(maxStates) states) reached", furthest) }
      }
      // Every completed operation is placed once only pending returns (or nothing) remain.
      if firstReturn < 0 || isPending[Int(entryOperation[firstReturn])] {
        return .linearizable(order: currentOrder(), explored: cache.count)
      }
      var mustBacktrack = position >= candidates.count
      if !mustBacktrack {
        let entry = candidates[position]
        let op = Int(entryOperation[entry])
        position += 1
        let twin = earlierTwin[op]
        if twin >= 0 && linearized[twin >> 6] & (1 << UInt64(twin & 63)) == 0 { continue }
        if let newState = model.step(state, operations[op].input, operations[op].output),
          !prunes || readsStillPossible(from: newState, placing: op)
        {
          // An operation that never changes the state (a read, a failed cas) can be moved to this
          // point in any linearization that places it later, so place it now and never branch on it.
          let forced = isForced[op]
          linearized[op >> 6] |= 1 << UInt64(op & 63)
          setHash ^= zobrist[op]
          if cache.insert(linearized, setHash: setHash, state: newState) {
            stack.append((entry, state, forced))
            state = newState
            unlink(entry)
            unlink(Int(returnEntry[entry]))
            if stack.count > furthest.depth {
              // The order itself is copied only if the search has to turn back from here.
              furthest.depth = stack.count
              furthest.orders = []
              furthest.blocked = nil
            }
            collectCandidates()
            position = 0
            continue
          }
          linearized[op >> 6] &= ~(1 << UInt64(op & 63))
          setHash ^= zobrist[op]
          // With the forced operation placed, this node was explored already and failed; so did this one.
          mustBacktrack = forced
        }
        if !mustBacktrack { continue }
      }
      if stack.count == furthest.depth {
        if furthest.blocked == nil { furthest.blocked = Int(entryOperation[firstReturn]) }
        if furthest.orders.count < 3 { furthest.orders.append(currentOrder()) }
      }
      // Backtrack: undo the last placement; undo forced placements without trying alternatives.
      while true {
        guard let (top, topState, forced) = stack.popLast() else {
          furthest.explored = cache.count
          return .violation(furthest)
        }
        let topOperation = Int(entryOperation[top])
        linearized[topOperation >> 6] &= ~(1 << UInt64(topOperation & 63))
        setHash ^= zobrist[topOperation]
        state = topState
        relink(Int(returnEntry[top]))
        relink(top)
        if !forced {
          collectCandidates()
          position = candidates.firstIndex(of: top)! + 1
          break
        }
      }
    }
  }
}
