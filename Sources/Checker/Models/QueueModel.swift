/// A FIFO queue: `enqueue x`; `dequeue → the oldest element`, or null when empty.
public struct QueueModel: Model {
  public enum Input: Hashable, Sendable {
    case enqueue(Value)
    case dequeue
  }

  public static let name = "queue"
  public init() {}
  public var initialState: [Value] { [] }

  public func prepare(_ operation: Operation) throws(OperationError) -> (input: Input, output: Value?)? {
    if operation.status == .fail { return nil }
    switch operation.function {
    case "enqueue":
      return (.enqueue(operation.input), nil)
    case "dequeue":
      return (.dequeue, operation.status == .ok ? (operation.output ?? .null) : nil)
    default:
      throw .unknownFunction(operation.function, expected: "enqueue or dequeue")
    }
  }

  public func step(_ state: [Value], _ input: Input, _ output: Value?) -> [Value]? {
    switch input {
    case .enqueue(let element):
      return state + [element]
    case .dequeue:
      guard let output else { return state.isEmpty ? state : Array(state.dropFirst()) }
      if state.isEmpty { return output.isNull ? state : nil }
      return state[0] == output ? Array(state.dropFirst()) : nil
    }
  }

  /// A dequeue that found the queue empty is possible only on an empty queue, and changes nothing.
  public func neverChangesState(_ input: Input, _ output: Value?) -> Bool { input == .dequeue && output == .null }

  public func describe(_ state: [Value]) -> String { "[" + state.map(\.description).joined(separator: " ") + "]" }
}
