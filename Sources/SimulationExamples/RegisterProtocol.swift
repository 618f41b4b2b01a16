import Simulation

/// An operation on the replicated register: read it, or write an integer.
public enum RegisterOperation: HistoryOperation, CustomStringConvertible {
  case read
  case write(Int)

  public var function: String {
    switch self {
    case .read: "read"
    case .write: "write"
    }
  }

  public var value: HistoryValue {
    switch self {
    case .read: .null
    case .write(let value): .int(value)
    }
  }

  public var description: String { "\(function) \(value)" }
}

/// ABD's logical timestamp: a counter, with the writer's ID to break ties.
public struct RegisterTag: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var counter: Int
  public var writer: NodeID

  public init(counter: Int, writer: NodeID) {
    self.counter = counter
    self.writer = writer
  }

  /// The tag of a register nobody has written.
  public static let initial = RegisterTag(counter: 0, writer: NodeID(0))

  public static func < (lhs: RegisterTag, rhs: RegisterTag) -> Bool {
    (lhs.counter, lhs.writer) < (rhs.counter, rhs.writer)
  }

  public var description: String { "\(counter).\(writer)" }
}

/// Messages between register clients and replicas. Every request number is fresh, so a reply to an
/// older phase is recognised and ignored.
public enum RegisterMessage: Hashable, Sendable, CustomStringConvertible {
  /// Phase 1: ask a replica for its tag and value.
  case query(request: Int)
  case queryReply(request: Int, tag: RegisterTag, value: Int?)
  /// Phase 2: ask a replica to adopt a tag and value if newer than its own.
  case update(request: Int, tag: RegisterTag, value: Int?)
  case updateAcknowledgement(request: Int)

  public var description: String {
    func show(_ value: Int?) -> String { value.map(String.init) ?? "nil" }
    return switch self {
    case .query(let r): "query(request: \(r))"
    case .queryReply(let r, let tag, let value): "queryReply(request: \(r), tag: \(tag), value: \(show(value)))"
    case .update(let r, let tag, let value): "update(request: \(r), tag: \(tag), value: \(show(value)))"
    case .updateAcknowledgement(let r): "updateAcknowledgement(request: \(r))"
    }
  }
}

/// A client's retransmission timer for one request.
public enum RegisterTimer: Hashable, Sendable {
  case retry(request: Int)
}

/// A replica's durable state: the newest tag and value it has adopted.
public struct RegisterReplicaStorage: DurableStorage {
  public var tag = RegisterTag.initial
  public var value: Int?
  public init() {}
}
