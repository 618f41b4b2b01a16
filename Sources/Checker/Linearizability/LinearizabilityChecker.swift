import Foundation
import Synchronization

/// Checks whether a history is linearizable with respect to a model.
///
/// The history is split into the model's independent parts, each part is searched alone (in
/// parallel across cores, stopping early on the first violation), and a violation is narrowed to
/// the shortest failing prefix. The budget ends the check with `unknown` instead of running out of
/// time or memory.
///
/// ```swift
/// let history = try HistoryReader.read(contentsOf: "history.jsonl")
/// let result = try LinearizabilityChecker(model: CASRegisterModel()).check(history)
/// print(result.verdict)
/// ```
public struct LinearizabilityChecker<M: Model>: Sendable {
  /// The sequential specification.
  public var model: M
  /// Longest time the whole check may take; nil for no limit.
  public var timeLimit: Duration?
  /// Most (linearized set, state) pairs one part's search may remember before giving up (memory bound).
  public var maxStates: Int
  /// Called about once a second during long checks with a line of progress.
  public var onProgress: (@Sendable (String) -> Void)?
  /// Whether to narrow a violation to the shortest failing prefix (a few more searches) or report
  /// the whole failing part.
  public var findsShortestPrefix = true

  /// Creates a checker with a budget.
  public init(
    model: M, timeLimit: Duration? = nil, maxStates: Int = 20_000_000,
    onProgress: (@Sendable (String) -> Void)? = nil
  ) {
    self.model = model
    self.timeLimit = timeLimit
    self.maxStates = maxStates
    self.onProgress = onProgress
  }

  /// Checks `history`.
  ///
  /// - Throws: `HistoryParseError.badField` when an operation does not fit the model (an unknown
  ///   function, a value of the wrong kind), naming the file and line.
  public func check(_ history: History) throws(HistoryParseError) -> LinearizabilityResult {
    let clock = ContinuousClock()
    let started = clock.now
    let deadline = timeLimit.map { started + $0 }
    let parts = try prepare(history)
    let omitted = history.operations.count - parts.reduce(0) { $0 + $1.operations.count }

    let stop = Atomic<Bool>(false)
    let outcomes = Mutex<[SearchOutcome?]>(Array(repeating: nil, count: parts.count))
    let reporter = ProgressReporter(onProgress: onProgress)
    let order = parts.indices.sorted { parts[$0].operations.count > parts[$1].operations.count }
    DispatchQueue.concurrentPerform(iterations: parts.count) { slot in
      let index = order[slot]
      if stop.load(ordering: .relaxed) { return }
      let outcome = decideByZones(parts[index]) ?? search(parts[index].operations, deadline: deadline) {
        reporter.tick(part: index, of: parts.count)
        return stop.load(ordering: .relaxed)
      }
      if case .violation = outcome { stop.store(true, ordering: .relaxed) }
      outcomes.withLock { $0[index] = outcome }
    }
    let results = outcomes.withLock { $0 }

    var explored = 0
    var unknownReason: String?
    var failing: Int?
    var failingFurthest = Furthest()
    var linearizations: [[Int]] = []
    for (index, outcome) in results.enumerated() {
      switch outcome {
      case .linearizable(let order, let visited)?:
        explored += visited
        linearizations.append(order.map { parts[index].operations[$0].operation })
      case .violation(let furthest)?:
        explored += furthest.explored
        if failing == nil { (failing, failingFurthest) = (index, furthest) }
      case .unknown(let reason, let furthest)?:
        explored += furthest.explored
        if !reason.hasPrefix("stopped") { unknownReason = unknownReason ?? reason }
      case nil:
        break
      }
    }
    var result = LinearizabilityResult(
      verdict: .linearizable, model: M.name, operations: history.operations.count, omitted: omitted,
      parts: parts.count, explored: explored, elapsed: .zero, unknownReason: nil, counterexample: nil,
      linearizations: linearizations)
    if let failing {
      result.verdict = .notLinearizable
      result.linearizations = []
      result.counterexample = counterexample(
        for: parts[failing], found: failingFurthest, history: history, deadline: deadline,
        narrowing: findsShortestPrefix)
      result.counterexample?.reason = failingFurthest.zoneReason
    } else if let unknownReason {
      result.verdict = .unknown
      result.unknownReason = unknownReason
      result.linearizations = []
    }
    result.elapsed = clock.now - started
    return result
  }

  // MARK: - Parts

  struct Part: Sendable {
    var key: Value?
    var operations: [SearchOperation<M>]
  }

  /// Reads every operation through the model, drops what constrains nothing, and groups by part.
  func prepare(_ history: History) throws(HistoryParseError) -> [Part] {
    var parts: [Part] = []
    var partIndex: [Value?: Int] = [:]
    for (index, operation) in history.operations.enumerated() {
      guard let (input, output) = try model.prepare(operation, in: history) else { continue }
      if output == nil && model.isReadOnly(input) { continue }
      let key = model.partition(input)
      let part = partIndex[key] ?? {
        parts.append(Part(key: key, operations: []))
        partIndex[key] = parts.count - 1
        return parts.count - 1
      }()
      // An ok operation whose output is unknown still completed; only pending ones may never take effect.
      let returnPosition = operation.status == .pending ? Int.max : (operation.returnPosition ?? Int.max)
      parts[part].operations.append(
        SearchOperation(operation: index, input: input, output: output, call: operation.call, returnPosition: returnPosition))
    }
    return parts
  }

  /// Decides a part by Gibbons–Korach zones when the model sees it as a register with distinct
  /// written values; nil when that does not apply.
  func decideByZones(_ part: Part) -> SearchOutcome? {
    var accesses: [RegisterZones<M.State>.Access] = []
    accesses.reserveCapacity(part.operations.count)
    for op in part.operations {
      guard let access = model.registerAccess(op.input, op.output) else { return nil }
      switch access {
      case .read(let value):
        accesses.append(.init(isWrite: false, value: value, call: op.call, returnPosition: op.returnPosition))
      case .write(let value):
        accesses.append(.init(isWrite: true, value: value, call: op.call, returnPosition: op.returnPosition))
      }
    }
    switch RegisterZones.decide(
      accesses, initial: model.initialState, describe: model.describe, name: { "op \(part.operations[$0].operation)" })
    {
    case .notApplicable: return nil
    case .linearizable: return .linearizable(order: [], explored: 0)
    case .violation(let violation):
      var furthest = Furthest()
      furthest.zoneReason = violation.reason
      return .violation(furthest)
    }
  }

  /// Searches one part. When the part has pending operations, two searches race on two cores, one
  /// trying pending operations last at each step and one taking operations in time order; the first
  /// to finish answers. (Neither order is best for every history: measured, each beats the other by
  /// orders of magnitude on some.)
  func search(
    _ operations: [SearchOperation<M>], deadline: ContinuousClock.Instant?, shouldStop: @escaping @Sendable () -> Bool
  ) -> SearchOutcome {
    let base = WGLSearch(model: model, operations: operations, deadline: deadline, maxStates: maxStates, shouldStop: shouldStop)
    guard operations.contains(where: { $0.returnPosition == Int.max }) else { return base.run() }
    let finished = Atomic<Bool>(false)
    let outcomes = Mutex<[SearchOutcome?]>([nil, nil])
    DispatchQueue.concurrentPerform(iterations: 2) { variant in
      var search = WGLSearch(
        model: model, operations: operations, deadline: deadline, maxStates: maxStates,
        shouldStop: { shouldStop() || finished.load(ordering: .relaxed) })
      search.deferPending = variant == 0
      let outcome = search.run()
      if case .unknown(let reason, _) = outcome, reason.hasPrefix("stopped"), finished.load(ordering: .relaxed) { return }
      finished.store(true, ordering: .relaxed)
      outcomes.withLock { $0[variant] = outcome }
    }
    let results = outcomes.withLock { $0 }
    return results[0] ?? results[1]!
  }
}

/// Rate-limits progress lines to about one a second across all parts.
private final class ProgressReporter: Sendable {
  let onProgress: (@Sendable (String) -> Void)?
  private let last = Mutex<ContinuousClock.Instant>(ContinuousClock.now)
  private let ticks = Atomic<Int>(0)

  init(onProgress: (@Sendable (String) -> Void)?) { self.onProgress = onProgress }

  func tick(part: Int, of parts: Int) {
    guard let onProgress else { return }
    let total = ticks.wrappingAdd(1, ordering: .relaxed).newValue
    let now = ContinuousClock.now
    let due = last.withLock { last -> Bool in
      guard now - last >= .seconds(1) else { return false }
      last = now
      return true
    }
    if due { onProgress("searching: ~\(total * 1024) steps so far, working on part \(part + 1) of \(parts)") }
  }
}
