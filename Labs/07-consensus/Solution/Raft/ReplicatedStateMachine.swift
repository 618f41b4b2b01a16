// Lab 07 (consensus), part 4: Raft. Given complete; read it, there is nothing to write here.

import Simulation

/// The deterministic service a replicated log drives: every replica applies the same commands in
/// the same order, so every replica's machine goes through the same states.
///
/// A machine is a value: copying it is how a replica takes a snapshot, and comparing two copies
/// is how a test checks that replicas agree.
public protocol ReplicatedStateMachine: Hashable, Sendable {
  /// What clients ask the service to do; it doubles as the operation recorded in histories.
  associatedtype Command: HistoryOperation

  /// The machine before any command.
  init()

  /// Applies `command` and says what the client should be told.
  mutating func apply(_ command: Command) -> Completion

  /// True for a command that only reads; such a command may be answered without entering the log
  /// when the leader has confirmed its leadership (a read index).
  static func isReadOnly(_ command: Command) -> Bool
}

extension ReplicatedStateMachine {
  public static func isReadOnly(_ command: Command) -> Bool { false }
}

/// The simplest replicated service: a list of integers that commands append to. Each append
/// answers with the position it landed at, so tests can tell exactly where a command went.
public struct AppendOnlyList: ReplicatedStateMachine {
  /// Append an integer; or read the whole list.
  public enum Command: HistoryOperation, CustomStringConvertible {
    case append(Int)
    case read

    public var function: String {
      switch self {
      case .append: "append"
      case .read: "read"
      }
    }

    public var value: HistoryValue {
      switch self {
      case .append(let value): .int(value)
      case .read: .null
      }
    }

    public var description: String { "\(function) \(value)" }
  }

  /// The values appended so far, in order.
  public private(set) var values: [Int] = []

  public init() {}

  public mutating func apply(_ command: Command) -> Completion {
    switch command {
    case .append(let value):
      values.append(value)
      return .ok(.int(values.count - 1))
    case .read:
      return .ok(.array(values.map { .int($0) }))
    }
  }

  public static func isReadOnly(_ command: Command) -> Bool { command == .read }
}
