/// Checks causal consistency of key-value histories by bad patterns (Bouajjani, Enea, Guerraoui and
/// Hamza, "On verifying causal consistency", POPL 2017), in polynomial time.
///
/// The history must be differentiated: each key's written values are distinct (a key never written
/// reads as the model's initial value). Then every read names the write it read from (WR), and the
/// causal order CO is the transitive closure of session order (PO) and WR. A history is:
/// - CC when it has none of CyclicCO (CO has a cycle), WriteCOInitRead (a read returns the initial
///   value though a write of that key is causally before it), ThinAirRead (a read returns a value
///   nobody wrote) and WriteCORead (a read returns w1's value though another write w2 of that key
///   lies causally between w1 and the read);
/// - CCv when, in addition, CO together with the conflict order CF has no cycle (CyclicCF), where
///   w1 CF w2 when w1 is causally before a read that returns w2's value, for writes of one key;
/// - CM when it is CC and has neither WriteHBInitRead nor CyclicHB (see `causalMemoryViolation`).
///
/// Causal order is tracked with one vector per operation, indexed by session, so each check costs
/// O(n · sessions · log n) rather than a transitive closure.
public struct CausalConsistencyChecker: Sendable {
  /// Which causal model.
  public enum Level: String, Sendable, CaseIterable {
    case cc, ccv
  }

  /// A bad pattern found, with the operations (ids) that form it.
  public struct Violation: Sendable, Hashable, CustomStringConvertible {
    public enum Pattern: String, Sendable {
      case cyclicCO = "CyclicCO", writeCOInitRead = "WriteCOInitRead", thinAirRead = "ThinAirRead"
      case writeCORead = "WriteCORead", cyclicCF = "CyclicCF", writeHBInitRead = "WriteHBInitRead", cyclicHB = "CyclicHB"
    }
    public var pattern: Pattern
    public var operations: [Int]
    public var explanation: String
    public var description: String { "\(pattern.rawValue): \(explanation)" }
  }

  /// The verdict for each level, and the first violation of each.
  public struct Result: Sendable {
    /// Whether the history is CC (nil when the history is not differentiated).
    public var cc: Bool?
    /// Whether it is CCv.
    public var ccv: Bool?
    /// Whether it is CM (nil also when the history is too long for the CM check; see `notApplicable`).
    public var cm: Bool?
    /// Why no verdict, when the history does not fit (not differentiated, appends, unknown functions).
    public var notApplicable: String?
    /// Why CM has no verdict although CC has one.
    public var cmSkipped: String?
    /// Bad patterns found (at most one per pattern).
    public var violations: [Violation]
  }

  /// Longest history the CM check takes on.
  public var cmLimit: Int

  public init(cmLimit: Int = 5_000) { self.cmLimit = cmLimit }

  /// Checks `history`, whose operations are reads (`read`/`get`) and writes (`write`/`put`) with an
  /// optional key (a `key` field, or `[key value]` values as in Jepsen's independent tests).
  public func check(_ history: History, initial: Value = .null) -> Result {
    switch CausalHistory.build(history, initial: initial) {
    case .failure(let error):
      return Result(cc: nil, ccv: nil, cm: nil, notApplicable: error.reason, violations: [])
    case .success(let causal):
      var result = causal.findViolations()
      if result.cc == false {
        result.cm = false
      } else if causal.ops.count > cmLimit {
        result.cmSkipped = "CM is checked on histories of up to \(cmLimit) operations (its fixpoint is quadratic per session)"
      } else if let co = causal.causalOrder() {
        let violation = causal.causalMemoryViolation(co)
        result.cm = violation == nil
        if let violation { result.violations.append(violation) }
      }
      return result
    }
  }
}
