/// A counter: `add n` (n may be negative), `read → total`; it starts at 0.
public struct CounterModel: Model {
  public enum Input: Hashable, Sendable {
    case add(Int)
    case read
  }

  public static let name = "counter"
  public init() {}
  public var initialState: Int { 0 }

  public func prepare(_ operation: Operation) throws(OperationError) -> (input: Input, output: Int?)? {
    if operation.status == .fail { return nil }
    switch operation.function {
    case "add", "increment", "inc":
      let amount = operation.input.isNull ? 1 : operation.input.intValue
      guard let amount else { throw OperationError(field: "value", expected: "an integer", found: operation.input.kindName) }
      return (.add(amount), nil)
    case "read":
      guard operation.status == .ok, let output = operation.output, !output.isNull else { return (.read, nil) }
      guard let total = output.intValue else {
        throw OperationError(field: "value (result of read)", expected: "an integer", found: output.kindName)
      }
      return (.read, total)
    default:
      throw .unknownFunction(operation.function, expected: "add or read")
    }
  }

  public func step(_ state: Int, _ input: Input, _ output: Int?) -> Int? {
    switch input {
    case .add(let amount): state &+ amount
    case .read: output == nil || output == state ? state : nil
    }
  }

  public func isReadOnly(_ input: Input) -> Bool { input == .read }
}
