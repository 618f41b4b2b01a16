/// The checker's answer for one history: a verdict, and the evidence for it.
public struct LinearizabilityResult: Sendable {
  /// Linearizable, not, or could not tell within the budget.
  public enum Verdict: String, Sendable {
    case linearizable
    case notLinearizable = "not-linearizable"
    case unknown
  }

  /// The verdict.
  public var verdict: Verdict
  /// The model's name.
  public var model: String
  /// Operations in the history.
  public var operations: Int
  /// Operations left out of the check: failed writes (certainly did not happen) and reads whose
  /// result is unknown (they constrain nothing).
  public var omitted: Int
  /// Independent parts the history split into (by key, for models that split).
  public var parts: Int
  /// (linearized set, state) pairs the searches visited.
  public var explored: Int
  /// Wall-clock time of the check.
  public var elapsed: Duration
  /// For `unknown`: why the search stopped.
  public var unknownReason: String?
  /// For `notLinearizable`: why.
  public var counterexample: Counterexample?
  /// For `linearizable`: one valid order of each searched part's operations, as operation ids
  /// (parts decided by register zones have no order listed).
  public var linearizations: [[Int]]
}

/// Why a history is not linearizable: the smallest prefix that already fails, the operation that
/// cannot be placed, and the partial linearizations that got furthest.
public struct Counterexample: Sendable {
  /// One step of a partial linearization: an operation and the model state after it.
  public struct Step: Sendable, Hashable {
    public var operation: Int
    public var description: String
    public var stateAfter: String
  }

  /// Why, in words, when a fast decision procedure found it (e.g. two values that must both stay
  /// in a register at the same time).
  public var reason: String?
  /// The part (key) that fails; nil for models that do not split.
  public var part: Value?
  /// Operations of the failing part within the shortest failing prefix, by id.
  public var operations: [Int]
  /// The shortest failing prefix ends with the completion of this operation (its id).
  public var prefixEndsWith: Int?
  /// The completed operation that no order can place.
  public var unplaceable: Int?
  /// The initial state of the model.
  public var initialState: String
  /// Up to three deepest partial linearizations, each a list of steps.
  public var furthest: [[Step]]
}
