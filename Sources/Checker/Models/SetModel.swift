/// A grow-only set: `add x`, `read → all elements` (in any order).
public struct SetModel: Model {
  public enum Input: Hashable, Sendable {
    case add(Value)
    case read
  }

  public static let name = "set"
  public init() {}
  public var initialState: Set<Value> { [] }

  public func prepare(_ operation: Operation) throws(OperationError) -> (input: Input, output: Set<Value>?)? {
    if operation.status == .fail { return nil }
    switch operation.function {
    case "add":
      return (.add(operation.input), nil)
    case "read":
      guard operation.status == .ok, let output = operation.output else { return (.read, nil) }
      guard let elements = output.arrayValue else {
        throw OperationError(field: "value (result of read)", expected: "an array of elements", found: output.kindName)
      }
      return (.read, Set(elements))
    default:
      throw .unknownFunction(operation.function, expected: "add or read")
    }
  }

  public func step(_ state: Set<Value>, _ input: Input, _ output: Set<Value>?) -> Set<Value>? {
    switch input {
    case .add(let element): state.union([element])
    case .read: output == nil || output == state ? state : nil
    }
  }

  public func isReadOnly(_ input: Input) -> Bool { input == .read }

  public func resetsState(_ input: Input) -> Bool { false }

  /// The set only grows, so a read can observe only a superset of the current elements.
  public func mayObserveLater(_ input: Input, _ output: Set<Value>, from state: Set<Value>) -> Bool {
    state.isSubset(of: output)
  }

  public func describe(_ state: Set<Value>) -> String {
    "#{" + state.map(\.description).sorted().joined(separator: " ") + "}"
  }
}
