// Lab 07 (consensus), part 5: the key-value store on Raft. Given complete; nothing to write here.

import Simulation

/// A key-value store of strings, the service of the lab's linearizable store on Raft: `get`,
/// `put` and `append`. A key never written reads as the empty string.
///
/// Operations appear in histories in Jepsen's independent-key form, value `[key, value]`, which
/// is what `distlab check --model kv` reads.
public struct KeyValueStore: ReplicatedStateMachine {
  /// The store's operations.
  public enum Command: HistoryOperation, CustomStringConvertible {
    case get(String)
    case put(String, String)
    case append(String, String)

    public var function: String {
      switch self {
      case .get: "get"
      case .put: "put"
      case .append: "append"
      }
    }

    public var value: HistoryValue {
      switch self {
      case .get(let key): [.string(key), .null]
      case .put(let key, let value), .append(let key, let value): [.string(key), .string(value)]
      }
    }

    public var description: String {
      switch self {
      case .get(let key): "get \(key)"
      case .put(let key, let value): "put \(key)=\(value)"
      case .append(let key, let value): "append \(key)+=\(value)"
      }
    }
  }

  /// The current value of every key written so far.
  public private(set) var values: [String: String] = [:]

  public init() {}

  public mutating func apply(_ command: Command) -> Completion {
    switch command {
    case .get(let key):
      return .ok([.string(key), .string(values[key] ?? "")])
    case .put(let key, let value):
      values[key] = value
    case .append(let key, let value):
      values[key, default: ""] += value
    }
    return .ok
  }

  public static func isReadOnly(_ command: Command) -> Bool {
    if case .get = command { true } else { false }
  }
}
