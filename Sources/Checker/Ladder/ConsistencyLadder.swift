/// One report per history across the consistency models, strongest first: linearizable,
/// sequentially consistent, causally convergent (CCv), causal memory (CM), causal (CC), and the
/// four session guarantees — each satisfied, violated (with a witness) or unknown/not applicable
/// (with the reason).
public struct ConsistencyLadder: Sendable {
  /// One model's verdict.
  public struct Rung: Sendable {
    /// The model: `linearizable`, `sequential`, `ccv`, `cm`, `cc`, `read-your-writes`, …
    public var model: String
    /// true, false, or nil (unknown within the budget, or not applicable: see `reason`).
    public var satisfied: Bool?
    /// Why there is no verdict, when `satisfied` is nil.
    public var reason: String?
    /// The witness of a violation, in words.
    public var witness: String?
    /// The operations (ids) in the witness.
    public var operations: [Int]
  }

  /// The rungs, strongest model first.
  public var rungs: [Rung]

  /// Evaluates every rung for `history` under the model called `model`.
  public static func evaluate(
    _ history: History, model: String, timeLimit: Duration? = nil, maxStates: Int = 20_000_000
  ) throws(HistoryParseError) -> ConsistencyLadder {
    var rungs: [Rung] = []
    let linear = try ModelCatalog.checkLinearizability(history, model: model, timeLimit: timeLimit, maxStates: maxStates)
    switch linear.verdict {
    case .linearizable: rungs.append(Rung(model: "linearizable", satisfied: true, operations: []))
    case .unknown: rungs.append(Rung(model: "linearizable", satisfied: nil, reason: linear.unknownReason, operations: []))
    case .notLinearizable:
      let c = linear.counterexample
      let witness = c?.reason ?? c?.unplaceable.map { "\(history.operations[$0]) cannot be placed" } ?? "no order fits"
      rungs.append(Rung(model: "linearizable", satisfied: false, witness: witness, operations: c?.operations ?? []))
    }
    let sequential = try ModelCatalog.checkSequentialConsistency(history, model: model, timeLimit: timeLimit, maxStates: maxStates)
    switch sequential.verdict {
    case .satisfied: rungs.append(Rung(model: "sequential", satisfied: true, operations: []))
    case .unknown: rungs.append(Rung(model: "sequential", satisfied: nil, reason: sequential.unknownReason, operations: []))
    case .violated:
      let witness = "no interleaving of the programs fits; stuck before " + sequential.blocked.map { "op \($0)" }.joined(separator: ", ")
      rungs.append(Rung(model: "sequential", satisfied: false, witness: witness, operations: sequential.blocked))
    }
    let initial: Value = model == KeyValueModel.name ? .string("") : .null
    let applies = [RegisterModel.name, KeyValueModel.name].contains(model)
    let notApplicable = applies ? nil : "causal and session checks take read/write histories (the register or kv model)"
    let causal = applies ? CausalConsistencyChecker().check(history, initial: initial) : nil
    let reason = notApplicable ?? causal?.notApplicable
    func causalRung(_ name: String, _ value: Bool?, patterns: [CausalConsistencyChecker.Violation.Pattern]) -> Rung {
      let violation = causal?.violations.first { patterns.contains($0.pattern) }
      return Rung(model: name, satisfied: value, reason: value == nil ? reason : nil, witness: violation?.description, operations: violation?.operations ?? [])
    }
    rungs.append(causalRung("ccv", causal?.ccv, patterns: [.cyclicCO, .thinAirRead, .writeCOInitRead, .writeCORead, .cyclicCF]))
    var cm = causalRung("cm", causal?.cm, patterns: [.cyclicCO, .thinAirRead, .writeCOInitRead, .writeCORead, .writeHBInitRead, .cyclicHB])
    if cm.satisfied == nil, let skipped = causal?.cmSkipped { cm.reason = skipped }
    rungs.append(cm)
    rungs.append(causalRung("cc", causal?.cc, patterns: [.cyclicCO, .thinAirRead, .writeCOInitRead, .writeCORead]))
    let sessions: (violations: [SessionGuarantee: SessionViolation]?, reason: String?) =
      applies && reason == nil ? SessionGuaranteeChecker().check(history, initial: initial) : (nil, reason)
    for guarantee in SessionGuarantee.allCases {
      let violation = sessions.violations?[guarantee]
      let satisfied: Bool? = sessions.violations.map { $0[guarantee] == nil }
      rungs.append(Rung(
        model: guarantee.rawValue, satisfied: satisfied, reason: satisfied == nil ? sessions.reason : nil,
        witness: violation?.explanation, operations: violation?.operations ?? []))
    }
    return ConsistencyLadder(rungs: rungs)
  }

  /// One line: the strongest model satisfied and the weakest violated, with their witnesses.
  public var summary: String {
    func phrase(_ rung: Rung) -> String {
      switch rung.satisfied {
      case true?: "\(rung.model): yes"
      case false?: "\(rung.model): NO (\(rung.witness ?? "violated"))"
      case nil: "\(rung.model): ? (\(rung.reason ?? "unknown"))"
      }
    }
    let strongest = rungs.first { $0.satisfied == true }
    let weakestViolated = rungs.last { $0.satisfied == false }
    var parts: [String] = []
    parts.append("strongest satisfied: " + (strongest?.model ?? "none"))
    if let weakestViolated { parts.append("weakest violated: \(weakestViolated.model) (\(weakestViolated.witness ?? ""))") }
    return parts.joined(separator: "; ") + "\n" + rungs.map { "  " + phrase($0) }.joined(separator: "\n")
  }

  /// The ladder as JSON: one entry per model with `satisfied` true, false or null and its witness or reason.
  public var json: Value {
    .array(rungs.map { rung in
      .object([
        "model": .string(rung.model), "satisfied": rung.satisfied.map(Value.bool) ?? .null,
        "reason": rung.reason.map(Value.string) ?? .null, "witness": rung.witness.map(Value.string) ?? .null,
        "operations": .array(rung.operations.map(Value.int)),
      ])
    })
  }
}
