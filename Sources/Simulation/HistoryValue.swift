/// A JSON value as it appears in a history's `value` field: null, a boolean, an integer, a string,
/// or an array or object of these.
///
/// Object members keep the order they were given in, so encoding is deterministic. Not
/// `ExpressibleByNilLiteral` on purpose: `nil` for a `HistoryValue?` must mean "absent", never `.null`.
public enum HistoryValue: Hashable, Sendable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral,
  ExpressibleByArrayLiteral, ExpressibleByBooleanLiteral, CustomStringConvertible
{
  case null
  case bool(Bool)
  case int(Int)
  case string(String)
  case array([HistoryValue])
  case object([(String, HistoryValue)])

  public init(integerLiteral value: Int) { self = .int(value) }
  public init(stringLiteral value: String) { self = .string(value) }
  public init(arrayLiteral elements: HistoryValue...) { self = .array(elements) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }

  public static func == (lhs: HistoryValue, rhs: HistoryValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): true
    case (.bool(let a), .bool(let b)): a == b
    case (.int(let a), .int(let b)): a == b
    case (.string(let a), .string(let b)): a == b
    case (.array(let a), .array(let b)): a == b
    case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: false
    }
  }

  public func hash(into hasher: inout Hasher) {
    switch self {
    case .null: hasher.combine(0)
    case .bool(let b): hasher.combine(1); hasher.combine(b)
    case .int(let i): hasher.combine(2); hasher.combine(i)
    case .string(let s): hasher.combine(3); hasher.combine(s)
    case .array(let a): hasher.combine(4); hasher.combine(a)
    case .object(let members):
      hasher.combine(5)
      for (key, value) in members { hasher.combine(key); hasher.combine(value) }
    }
  }

  /// The value as compact JSON text.
  public var description: String {
    var out = JSONText()
    out.append(self)
    return out.text
  }
}

/// What a client operation looks like in a history: Jepsen's `f` (the function) and `value`.
public protocol HistoryOperation: Hashable, Sendable {
  /// The operation's name in the history, e.g. `read`, `write`, `cas`.
  var function: String { get }
  /// The argument recorded with the invocation (null for a read).
  var value: HistoryValue { get }
}

/// The operation type of nodes that no workload drives.
public enum NoOperation: HistoryOperation {
  public var function: String { switch self {} }
  public var value: HistoryValue { switch self {} }
}

/// How a client operation ended, as recorded in the history.
public enum Completion: Hashable, Sendable {
  /// The operation took effect; the value is its result (for a read, what it read).
  /// `nil` repeats the invocation's value, as Jepsen records a successful write.
  case ok(HistoryValue? = nil)
  /// The operation certainly did not take effect (for a cas: the compare failed).
  case fail(HistoryValue? = nil)
  /// The outcome is unknown: the operation may or may not have taken effect.
  case info(HistoryValue? = nil)

  /// `ok` with the invocation's value.
  public static var ok: Completion { .ok(nil) }
  /// `fail` with the invocation's value.
  public static var fail: Completion { .fail(nil) }
}
