/// The address of one process in a simulated cluster: a server, a client, or any other node.
///
/// Node IDs are small integers so that tests can write `[1, 2, 3]`; the simulator shows them as
/// `n1`, `n2`, … unless the cluster gives a node another name.
public struct NodeID: Hashable, Comparable, Sendable, Codable, ExpressibleByIntegerLiteral,
  CustomStringConvertible
{
  /// The number that identifies the node.
  public let rawValue: Int

  /// Creates the ID with the given number.
  public init(_ rawValue: Int) { self.rawValue = rawValue }

  public init(integerLiteral value: Int) { self.rawValue = value }

  public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.rawValue < rhs.rawValue }

  /// The default display name, `n<number>`.
  public var description: String { "n\(rawValue)" }

  public init(from decoder: any Decoder) throws {
    rawValue = try decoder.singleValueContainer().decode(Int.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}
