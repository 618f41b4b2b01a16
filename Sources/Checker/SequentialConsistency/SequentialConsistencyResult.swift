/// The answer of a sequential-consistency check, with the evidence for a violation.
public struct SequentialConsistencyResult: Sendable {
  /// Sequentially consistent, not, or could not tell within the budget.
  public enum Verdict: String, Sendable {
    case satisfied = "sequentially-consistent"
    case violated = "not-sequentially-consistent"
    case unknown
  }

  public var verdict: Verdict
  public var model: String
  /// Operations in the history.
  public var operations: Int
  /// Operations left out (failed, or reads with unknown results).
  public var omitted: Int
  /// Processes (program orders).
  public var processes: Int
  /// Nodes the search visited.
  public var explored: Int
  public var elapsed: Duration
  /// For `unknown`: why the search stopped.
  public var unknownReason: String?
  /// For a violation: the longest interleaving of the programs that the model accepts.
  public var furthest: [Counterexample.Step]
  /// For a violation: each unfinished process's next operation (by id); none can come next.
  public var blocked: [Int]
  /// The model's initial state, described.
  public var initialState: String

  /// A readable report.
  public func text(for history: History) -> String {
    let verdictText: String =
      switch verdict {
      case .satisfied: "sequentially consistent"
      case .violated: "NOT sequentially consistent"
      case .unknown: "UNKNOWN (sequential consistency)"
      }
    var lines = [
      "\(history.source): \(verdictText) — \(model) model, \(operations) operations, \(processes) processes, \(explored) states"
    ]
    if let unknownReason { lines.append("  gave up: \(unknownReason); raise --timeout or --max-states") }
    if verdict == .violated {
      lines.append("  longest interleaving of the processes' programs (\(furthest.count) operations), from \(initialState):")
      for (n, step) in furthest.enumerated() {
        let op = history.operations[step.operation]
        lines.append("    \(n + 1). op \(op.id) (process \(op.process)) \(step.description)  ⇒ \(step.stateAfter)")
      }
      lines.append("  none of the processes' next operations can follow:")
      for id in blocked { lines.append("    \(history.operations[id])") }
    }
    return lines.joined(separator: "\n")
  }

  /// The result as a JSON value.
  public var json: Value {
    .object([
      "model": .string(model), "verdict": .string(verdict.rawValue), "operations": .int(operations),
      "omitted": .int(omitted), "processes": .int(processes), "explored": .int(explored),
      "reason": unknownReason.map(Value.string) ?? .null,
      "furthest": .array(furthest.map { .object(["op": .int($0.operation), "description": .string($0.description), "stateAfter": .string($0.stateAfter)]) }),
      "blocked": .array(blocked.map(Value.int)),
    ])
  }
}
