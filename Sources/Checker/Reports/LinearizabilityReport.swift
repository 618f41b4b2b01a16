/// Text and JSON renderings of a linearizability result, for people and for tools (the diagrams).
public struct LinearizabilityReport {
  public let result: LinearizabilityResult
  public let history: History

  public init(result: LinearizabilityResult, history: History) {
    self.result = result
    self.history = history
  }

  private var seconds: String {
    let (s, atto) = result.elapsed.components
    let value = Double(s) + Double(atto) * 1e-18
    return value < 0.001 ? "<0.001 s" : String(Double(Int(value * 1000)) / 1000) + " s"
  }

  /// A readable report: the verdict line, then the counterexample or the reason for `unknown`.
  public var text: String {
    let verdict: String =
      switch result.verdict {
      case .linearizable: "linearizable"
      case .notLinearizable: "NOT linearizable"
      case .unknown: "UNKNOWN"
      }
    var lines = [
      "\(history.source): \(verdict) — \(result.model) model, \(result.operations) operations"
        + (result.omitted > 0 ? " (\(result.omitted) left out: failed or unknown-result)" : "")
        + ", \(result.parts) part\(result.parts == 1 ? "" : "s"), \(result.explored) states, \(seconds)"
    ]
    if let reason = result.unknownReason { lines.append("  gave up: \(reason); raise --timeout or --max-states") }
    if let counterexample = result.counterexample {
      let ops = history.operations
      if let part = counterexample.part { lines.append("  failing part: key \(part)") }
      if let reason = counterexample.reason { lines.append("  why: \(reason)") }
      var prefix = "  shortest failing prefix: \(counterexample.operations.count) operations of this part"
      if let end = counterexample.prefixEndsWith { prefix += ", ending when op \(end) completed" }
      lines.append(prefix)
      if let unplaceable = counterexample.unplaceable {
        lines.append("  cannot place: \(ops[unplaceable])")
      }
      for (i, steps) in counterexample.furthest.enumerated() {
        lines.append(
          "  furthest partial linearization\(counterexample.furthest.count > 1 ? " \(i + 1)" : "")"
            + " (\(steps.count) of \(counterexample.operations.count) operations), from \(counterexample.initialState):")
        for (n, step) in steps.enumerated() {
          let op = ops[step.operation]
          lines.append("    \(n + 1). op \(op.id) (process \(op.process)\(op.line > 0 ? ", line \(op.line)" : "")) \(step.description)  ⇒ \(step.stateAfter)")
        }
      }
      if counterexample.furthest.isEmpty {
        lines.append("  no operation can come first (from \(counterexample.initialState))")
      }
    }
    return lines.joined(separator: "\n")
  }

  /// The result as one JSON object, with every operation of the counterexample spelled out.
  public var json: Value {
    var members: [Value.MapEntry] = [
      .init("file", .string(history.source)),
      .init("model", .string(result.model)),
      .init("verdict", .string(result.verdict.rawValue)),
      .init("operations", .int(result.operations)),
      .init("omitted", .int(result.omitted)),
      .init("parts", .int(result.parts)),
      .init("explored", .int(result.explored)),
      .init("elapsedNanoseconds", .int(Int(result.elapsed.components.seconds) * 1_000_000_000 + Int(result.elapsed.components.attoseconds / 1_000_000_000))),
    ]
    if let reason = result.unknownReason { members.append(.init("reason", .string(reason))) }
    if let counterexample = result.counterexample {
      let steps: [Value] = counterexample.furthest.map { path in
        .array(path.map { step in
          .object(["op": .int(step.operation), "description": .string(step.description), "stateAfter": .string(step.stateAfter)])
        })
      }
      members.append(
        .init(
          "counterexample",
          .object([
            "part": counterexample.part ?? .null,
            "reason": counterexample.reason.map(Value.string) ?? .null,
            "prefixEndsWith": counterexample.prefixEndsWith.map(Value.int) ?? .null,
            "unplaceable": counterexample.unplaceable.map(Value.int) ?? .null,
            "initialState": .string(counterexample.initialState),
            "furthest": .array(steps),
            "operations": .array(counterexample.operations.map { operationJSON(history.operations[$0]) }),
          ])))
    }
    return .map(members)
  }

  func operationJSON(_ op: Operation) -> Value {
    var members: [Value.MapEntry] = [
      .init("id", .int(op.id)), .init("process", .int(op.process)), .init("f", .string(op.function)),
      .init("input", op.input), .init("output", op.output ?? .null), .init("status", .string(op.status.rawValue)),
      .init("call", .int(op.call)), .init("return", op.returnPosition.map(Value.int) ?? .null),
    ]
    if let key = op.key { members.append(.init("key", key)) }
    if let t = op.callTime { members.append(.init("callTime", .int(Int(t)))) }
    if let t = op.returnTime { members.append(.init("returnTime", .int(Int(t)))) }
    if op.line > 0 { members.append(.init("line", .int(op.line))) }
    return .map(members)
  }
}
