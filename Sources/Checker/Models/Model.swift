/// A sequential specification: the states of an object and how each operation moves between them.
///
/// A model is a few pure functions, as in Porcupine and Knossos. `prepare` reads a recorded
/// operation into typed input and output; `step` says which state follows, or that the operation
/// could not have returned that output; `partition` names the independent part (e.g. the key) an
/// operation belongs to, so each part is checked alone (P-compositionality, Horn and Kroening 2015).
///
/// Adding a model is one small file: a type conforming to this protocol, and a line in `ModelCatalog`.
public protocol Model: Sendable {
  /// One state of the object; hashed to memoise the search.
  associatedtype State: Hashable & Sendable
  /// What an operation asks for.
  associatedtype Input: Hashable & Sendable
  /// What an operation observed.
  associatedtype Output: Hashable & Sendable

  /// The name used on the command line (`register`, `kv`, …).
  static var name: String { get }

  /// The state before any operation.
  var initialState: State { get }

  /// Reads a recorded operation. Returns nil to leave it out of the check (for example a write
  /// that failed, so certainly did not happen). The output is nil when it is unknown: the operation
  /// is pending, or a read's result was lost.
  func prepare(_ operation: Operation) throws(OperationError) -> (input: Input, output: Output?)?

  /// The state after `input` observed `output` in `state` (`output` nil: anything it could have
  /// observed), or nil if that is impossible.
  func step(_ state: State, _ input: Input, _ output: Output?) -> State?

  /// Whether the operation leaves every state unchanged; such an operation whose output is unknown
  /// constrains nothing and is dropped.
  func isReadOnly(_ input: Input) -> Bool

  /// Whether the operation, with this output, leaves the state unchanged in *every* state where it
  /// is possible (a read; a cas whose compare failed). The search places such an operation as soon
  /// as it can and never branches on it. Wrong answers here make the checker unsound, so the
  /// default is `isReadOnly`.
  func neverChangesState(_ input: Input, _ output: Output?) -> Bool

  /// How the operation looks as a plain register access, for models that are registers (per part):
  /// a read that observed a state, or a write that sets one. nil when it is neither (an append, a
  /// cas). When every operation of a part is one, and written values are unique, the checker decides
  /// the part in O(n log n) by Gibbons and Korach's zones instead of searching.
  func registerAccess(_ input: Input, _ output: Output?) -> RegisterAccess<State>?

  /// Whether the operation can move the state somewhere `mayObserveLater` does not foresee (a put
  /// that replaces a value, a write). Conservative default: true.
  func resetsState(_ input: Input) -> Bool

  /// For an operation that resets the state: a state it may leave behind (a put's or write's value,
  /// a cas's new value). nil when unknown, which turns the pruning below off for the part.
  func resetTarget(_ input: Input) -> State?

  /// A pruning hint: false when operations that do not reset the state can never take `state` to
  /// one where the read-only `input` observes `output` (a register holding another value; an
  /// append-only value that `output` does not start with). The search then abandons a placement
  /// that leaves an invoked read with no way to its output, neither from the new state nor from the
  /// target of a reset not yet placed. Default: true (no pruning).
  func mayObserveLater(_ input: Input, _ output: Output, from state: State) -> Bool

  /// The independent part of the history `input` belongs to; nil for all in one part.
  func partition(_ input: Input) -> Value?

  /// A state, for counterexamples.
  func describe(_ state: State) -> String

  /// An operation, for counterexamples.
  func describe(_ input: Input, _ output: Output?) -> String
}

extension Model {
  /// `prepare`, with a mismatch reported as bad input naming the history's file and the operation's line.
  func prepare(_ operation: Operation, in history: History) throws(HistoryParseError) -> (input: Input, output: Output?)? {
    do {
      return try prepare(operation)
    } catch {
      throw .badField(
        file: history.source, line: operation.line, field: error.field,
        expected: "\(error.expected) for the \(Self.name) model", found: error.found)
    }
  }

  public func isReadOnly(_ input: Input) -> Bool { false }
  public func neverChangesState(_ input: Input, _ output: Output?) -> Bool { isReadOnly(input) }
  public func registerAccess(_ input: Input, _ output: Output?) -> RegisterAccess<State>? { nil }
  public func resetsState(_ input: Input) -> Bool { true }
  public func resetTarget(_ input: Input) -> State? { nil }
  public func mayObserveLater(_ input: Input, _ output: Output, from state: State) -> Bool { true }
  public func partition(_ input: Input) -> Value? { nil }
  public func describe(_ state: State) -> String { String(describing: state) }
  public func describe(_ input: Input, _ output: Output?) -> String {
    "\(input) → \(output.map { String(describing: $0) } ?? "?")"
  }
}

/// An operation seen as a register access (see `Model.registerAccess`).
public enum RegisterAccess<State: Hashable & Sendable>: Hashable, Sendable {
  /// A read that observed this state.
  case read(State)
  /// A write that sets this state.
  case write(State)
}

/// A recorded operation that does not fit the model: an unknown function, or a value of the wrong kind.
public struct OperationError: Error, Hashable, Sendable {
  /// The field at fault (`f`, `value`, …).
  public var field: String
  /// What the model needs there.
  public var expected: String
  /// What the history has.
  public var found: String

  public init(field: String, expected: String, found: String) {
    self.field = field
    self.expected = expected
    self.found = found
  }

  static func unknownFunction(_ name: String, expected: String) -> OperationError {
    OperationError(field: "f", expected: expected, found: "'\(name)'")
  }
}
