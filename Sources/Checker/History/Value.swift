/// A value in a recorded history: what JSON or EDN can express.
///
/// Deliberately not `ExpressibleByNilLiteral`: with `Value?` everywhere, a `nil` would silently
/// become `.some(.null)`. Write `.null`.
///
/// EDN keywords (`:ok`) and symbols read as strings without the colon; EDN lists, vectors and sets
/// read as arrays; maps keep their member order.
public enum Value: Hashable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral,
  ExpressibleByStringLiteral, ExpressibleByArrayLiteral
{
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([Value])
  case map([MapEntry])

  /// One member of a map, in source order.
  public struct MapEntry: Hashable, Sendable {
    public var key: Value
    public var value: Value
    public init(_ key: Value, _ value: Value) {
      self.key = key
      self.value = value
    }
  }

  public init(integerLiteral value: Int) { self = .int(value) }
  public init(stringLiteral value: String) { self = .string(value) }
  public init(arrayLiteral elements: Value...) { self = .array(elements) }

  /// The integer, if this is one.
  public var intValue: Int? {
    switch self {
    case .int(let i): i
    case .double(let d) where d.rounded() == d && abs(d) < 9e15: Int(d)
    default: nil
    }
  }

  /// The string, if this is one.
  public var stringValue: String? { if case .string(let s) = self { s } else { nil } }

  /// The elements, if this is an array.
  public var arrayValue: [Value]? { if case .array(let a) = self { a } else { nil } }

  /// True for `null`.
  public var isNull: Bool { self == .null }

  /// The member of a map with this string key.
  public subscript(key: String) -> Value? {
    guard case .map(let entries) = self else { return nil }
    return entries.first { $0.key == .string(key) }?.value
  }

  /// Compact JSON-like text, e.g. `[1,"a",null]`.
  public var description: String {
    switch self {
    case .null: "null"
    case .bool(let b): b ? "true" : "false"
    case .int(let i): String(i)
    case .double(let d): String(d)
    case .string(let s): "\"\(s)\""
    case .array(let a): "[" + a.map(\.description).joined(separator: ",") + "]"
    case .map(let m): "{" + m.map { "\($0.key):\($0.value)" }.joined(separator: ",") + "}"
    }
  }

  /// A short name of the value's kind, for error messages.
  public var kindName: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .int: "an integer"
    case .double: "a number"
    case .string: "a string"
    case .array: "an array"
    case .map: "a map"
    }
  }
}
