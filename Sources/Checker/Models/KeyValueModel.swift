/// A key-value store of strings: `put k v`, `append k v` (concatenates), `get k → v`; a key never
/// written reads as the empty string. Checked per key.
///
/// The key comes from the operation's `key` field or, Jepsen's independent style, from a value
/// `[k v]`. Integers are read as their decimal text.
public struct KeyValueModel: Model {
  public enum Input: Hashable, Sendable {
    case get(key: Value)
    case put(key: Value, String)
    case append(key: Value, String)

    var key: Value {
      switch self {
      case .get(let key), .put(let key, _), .append(let key, _): key
      }
    }
  }

  public static let name = "kv"
  public init() {}
  public var initialState: String { "" }

  public func prepare(_ operation: Operation) throws(OperationError) -> (input: Input, output: String?)? {
    if operation.status == .fail { return nil }
    let (key, argument) = try keyAndArgument(operation.key, operation.input)
    switch operation.function {
    case "get", "read":
      guard operation.status == .ok, let output = operation.output else { return (.get(key: key), nil) }
      // The result may repeat the key as [k v], or be the bare value.
      let result = operation.key == nil ? (output.arrayValue.flatMap { $0.count == 2 ? $0[1] : nil } ?? output) : output
      return (.get(key: key), try text(result, field: "value (result of get)"))
    case "put", "write":
      return (.put(key: key, try text(argument, field: "value")), nil)
    case "append":
      return (.append(key: key, try text(argument, field: "value")), nil)
    default:
      throw .unknownFunction(operation.function, expected: "get, put or append")
    }
  }

  public func step(_ state: String, _ input: Input, _ output: String?) -> String? {
    switch input {
    case .get: output == nil || output == state ? state : nil
    case .put(_, let value): value
    case .append(_, let value): state + value
    }
  }

  public func isReadOnly(_ input: Input) -> Bool { if case .get = input { true } else { false } }

  /// Gets and puts are register accesses; a key with appends needs the general search.
  public func registerAccess(_ input: Input, _ output: String?) -> RegisterAccess<String>? {
    switch input {
    case .get: output.map(RegisterAccess.read)
    case .put(_, let value): .write(value)
    case .append: nil
    }
  }

  public func resetsState(_ input: Input) -> Bool { if case .put = input { true } else { false } }

  public func resetTarget(_ input: Input) -> String? { if case .put(_, let value) = input { value } else { nil } }

  /// Between puts a key only grows, so a get can observe only an extension of the current value.
  public func mayObserveLater(_ input: Input, _ output: String, from state: String) -> Bool {
    output.utf8.starts(with: state.utf8)
  }

  public func partition(_ input: Input) -> Value? { input.key }

  public func describe(_ state: String) -> String { "\"\(state)\"" }

  public func describe(_ input: Input, _ output: String?) -> String {
    switch input {
    case .get(let key): "get \(key) → \(output.map { "\"\($0)\"" } ?? "?")"
    case .put(let key, let value): "put \(key) \"\(value)\""
    case .append(let key, let value): "append \(key) \"\(value)\""
    }
  }

  private func keyAndArgument(_ key: Value?, _ value: Value) throws(OperationError) -> (Value, Value) {
    if let key { return (key, value) }
    guard let pair = value.arrayValue, pair.count == 2 else {
      throw OperationError(field: "key", expected: "a key field, or a value [key value]", found: value.description)
    }
    return (pair[0], pair[1])
  }

  private func text(_ value: Value, field: String) throws(OperationError) -> String {
    switch value {
    case .string(let s): s
    case .int(let i): String(i)
    case .null: ""
    default: throw OperationError(field: field, expected: "a string", found: value.kindName)
    }
  }
}
