/// A read/write register: `write v`; `read → v`, or null before any write.
///
/// Operations that carry a `key` are split by key, so one file may hold many independent registers.
public struct RegisterModel: Model {
  public enum Input: Hashable, Sendable {
    case read(key: Value?)
    case write(key: Value?, Value)
  }

  public static let name = "register"
  public init() {}
  public var initialState: Value { .null }

  public func prepare(_ operation: Operation) throws(OperationError) -> (input: Input, output: Value?)? {
    switch operation.function {
    case "read":
      if operation.status == .fail { return nil }
      return (.read(key: operation.key), operation.status == .ok ? operation.output : nil)
    case "write":
      if operation.status == .fail { return nil }
      return (.write(key: operation.key, operation.input), nil)
    default:
      throw .unknownFunction(operation.function, expected: "read or write")
    }
  }

  public func step(_ state: Value, _ input: Input, _ output: Value?) -> Value? {
    switch input {
    case .read: output == nil || output == state ? state : nil
    case .write(_, let value): value
    }
  }

  public func isReadOnly(_ input: Input) -> Bool { if case .read = input { true } else { false } }

  public func registerAccess(_ input: Input, _ output: Value?) -> RegisterAccess<Value>? {
    switch input {
    case .read: output.map(RegisterAccess.read)
    case .write(_, let value): .write(value)
    }
  }

  public func resetsState(_ input: Input) -> Bool { !isReadOnly(input) }

  public func resetTarget(_ input: Input) -> Value? { if case .write(_, let value) = input { value } else { nil } }

  /// Only a write changes a register, so a read can observe a value only if it is there now.
  public func mayObserveLater(_ input: Input, _ output: Value, from state: Value) -> Bool { output == state }

  public func partition(_ input: Input) -> Value? {
    switch input {
    case .read(let key), .write(let key, _): key
    }
  }

  public func describe(_ state: Value) -> String { state.description }

  public func describe(_ input: Input, _ output: Value?) -> String {
    switch input {
    case .read: "read → \(output?.description ?? "?")"
    case .write(_, let value): "write \(value)"
    }
  }
}
