/// A register with compare-and-set: `write v`, `read → v`, and `cas [old new]`.
///
/// An `ok` cas found `old` and stored `new`. A `fail` cas is a completed compare that failed: it
/// saw a value other than `old` (what Jepsen's register tests record). A write or cas whose outcome
/// is unknown may or may not have taken effect; a read with an unknown result constrains nothing.
public struct CASRegisterModel: Model {
  public enum Input: Hashable, Sendable {
    case read(key: Value?)
    case write(key: Value?, Value)
    case cas(key: Value?, expected: Value, new: Value)
  }

  /// What an operation observed.
  public enum Output: Hashable, Sendable {
    /// A read returned this value.
    case value(Value)
    /// A cas swapped (or a write completed).
    case succeeded
    /// A cas compared and did not swap.
    case compareFailed
  }

  public static let name = "cas-register"
  public init() {}
  public var initialState: Value { .null }

  public func prepare(_ operation: Operation) throws(OperationError) -> (input: Input, output: Output?)? {
    switch operation.function {
    case "read":
      if operation.status == .fail { return nil }
      return (.read(key: operation.key), operation.status == .ok ? operation.output.map(Output.value) : nil)
    case "write":
      if operation.status == .fail { return nil }
      return (.write(key: operation.key, operation.input), operation.status == .ok ? .succeeded : nil)
    case "cas":
      guard let pair = operation.input.arrayValue, pair.count == 2 else {
        throw OperationError(field: "value", expected: "[old new] for a cas", found: operation.input.description)
      }
      let output: Output? =
        switch operation.status {
        case .ok: .succeeded
        case .fail: .compareFailed
        case .pending: nil
        }
      return (.cas(key: operation.key, expected: pair[0], new: pair[1]), output)
    default:
      throw .unknownFunction(operation.function, expected: "read, write or cas")
    }
  }

  public func step(_ state: Value, _ input: Input, _ output: Output?) -> Value? {
    switch (input, output) {
    case (.read, nil): state
    case (.read, .value(let seen)): seen == state ? state : nil
    case (.read, _): nil
    case (.write(_, let value), _): value
    case (.cas(_, let expected, let new), .succeeded): state == expected ? new : nil
    case (.cas(_, let expected, _), .compareFailed): state != expected ? state : nil
    case (.cas(_, let expected, let new), nil): state == expected ? new : state
    case (.cas, .value): nil
    }
  }

  public func isReadOnly(_ input: Input) -> Bool { if case .read = input { true } else { false } }

  public func neverChangesState(_ input: Input, _ output: Output?) -> Bool {
    isReadOnly(input) || output == .compareFailed
  }

  public func resetsState(_ input: Input) -> Bool { !isReadOnly(input) }

  public func resetTarget(_ input: Input) -> Value? {
    switch input {
    case .read: nil
    case .write(_, let value): value
    case .cas(_, _, let new): new
    }
  }

  /// Only writes and cases change the register; a read can observe a value only if it is there now.
  public func mayObserveLater(_ input: Input, _ output: Output, from state: Value) -> Bool {
    guard case .value(let seen) = output else { return true }
    return seen == state
  }

  public func partition(_ input: Input) -> Value? {
    switch input {
    case .read(let key), .write(let key, _), .cas(let key, _, _): key
    }
  }

  public func describe(_ state: Value) -> String { state.description }

  public func describe(_ input: Input, _ output: Output?) -> String {
    switch (input, output) {
    case (.read, .value(let v)): "read → \(v)"
    case (.read, _): "read → ?"
    case (.write(_, let v), _): "write \(v)"
    case (.cas(_, let a, let b), .compareFailed): "cas \(a)→\(b) (compare failed)"
    case (.cas(_, let a, let b), .succeeded): "cas \(a)→\(b)"
    case (.cas(_, let a, let b), _): "cas \(a)→\(b) (outcome unknown)"
    }
  }
}
