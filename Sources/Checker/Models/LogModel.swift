/// An append-only log: `append x` (an `ok` may report the offset it got); `read k → the entries
/// from offset k on` (k defaults to 0).
public struct LogModel: Model {
  public enum Input: Hashable, Sendable {
    case append(Value)
    case read(from: Int)
  }

  public enum Output: Hashable, Sendable {
    /// The offset an append got.
    case offset(Int)
    /// The entries a read returned.
    case entries([Value])
  }

  public static let name = "log"
  public init() {}
  public var initialState: [Value] { [] }

  public func prepare(_ operation: Operation) throws(OperationError) -> (input: Input, output: Output?)? {
    if operation.status == .fail { return nil }
    switch operation.function {
    case "append":
      let offset = operation.status == .ok ? operation.output.flatMap { $0 == operation.input ? nil : $0.intValue } : nil
      return (.append(operation.input), offset.map(Output.offset))
    case "read":
      let start = operation.input.isNull ? 0 : operation.input.intValue
      guard let start, start >= 0 else {
        throw OperationError(field: "value", expected: "a non-negative offset or null", found: operation.input.description)
      }
      guard operation.status == .ok, let output = operation.output else { return (.read(from: start), nil) }
      guard let entries = output.arrayValue else {
        throw OperationError(field: "value (result of read)", expected: "an array of entries", found: output.kindName)
      }
      return (.read(from: start), .entries(entries))
    default:
      throw .unknownFunction(operation.function, expected: "append or read")
    }
  }

  public func step(_ state: [Value], _ input: Input, _ output: Output?) -> [Value]? {
    switch (input, output) {
    case (.append(let entry), nil): return state + [entry]
    case (.append(let entry), .offset(let offset)): return offset == state.count ? state + [entry] : nil
    case (.read, nil): return state
    case (.read(let start), .entries(let entries)):
      return Array(state.dropFirst(start)) == entries ? state : nil
    default: return nil
    }
  }

  public func isReadOnly(_ input: Input) -> Bool { if case .read = input { true } else { false } }

  public func resetsState(_ input: Input) -> Bool { false }

  /// The log only grows, so a read from offset k can observe only an extension of what lies past k now.
  public func mayObserveLater(_ input: Input, _ output: Output, from state: [Value]) -> Bool {
    guard case .read(let start) = input, case .entries(let entries) = output else { return true }
    return entries.starts(with: state.dropFirst(start))
  }

  public func describe(_ state: [Value]) -> String { "[" + state.map(\.description).joined(separator: " ") + "]" }
}
