/// One client operation of a history: invoked at `call`, answered at `returnPosition` (or never).
///
/// Positions are the indices of the invocation and completion events in the history, which is
/// the real-time order the checker uses; recorded clock times are kept for display only.
public struct Operation: Hashable, Sendable, Identifiable, CustomStringConvertible {
  /// How the operation ended.
  public enum Status: String, Hashable, Sendable {
    /// It took effect; `output` is its result.
    case ok
    /// It certainly did not take effect (for a cas: its compare failed).
    case fail
    /// Unknown: timed out, crashed or never answered; it may or may not have taken effect.
    case pending
  }

  /// Position among the history's operations, in invocation order, from 0.
  public var id: Int
  /// The logical client (Jepsen's process).
  public var process: Int
  /// The operation's name: `read`, `write`, `cas`, `put`, …
  public var function: String
  /// The invocation's value (the argument).
  public var input: Value
  /// The completion's value (the result); nil when unknown.
  public var output: Value?
  /// How it ended.
  public var status: Status
  /// Position of the invocation event in the history.
  public var call: Int
  /// Position of the completion event; nil while pending.
  public var returnPosition: Int?
  /// Recorded time of the invocation, if the history has times.
  public var callTime: Int64?
  /// Recorded time of the completion.
  public var returnTime: Int64?
  /// The key, for histories that name one per operation.
  public var key: Value?
  /// The session, for session guarantees.
  public var session: String?
  /// The node that served it.
  public var node: String?
  /// Line of the invocation in the source file (0 when built in code).
  public var line: Int
  /// Extra words on the completion, e.g. `timed-out`.
  public var note: String?

  /// Creates an operation; `returnPosition` nil means pending.
  public init(
    id: Int, process: Int, function: String, input: Value, output: Value? = nil, status: Status,
    call: Int, returnPosition: Int?, callTime: Int64? = nil, returnTime: Int64? = nil, key: Value? = nil,
    session: String? = nil, node: String? = nil, line: Int = 0, note: String? = nil
  ) {
    self.id = id
    self.process = process
    self.function = function
    self.input = input
    self.output = output
    self.status = status
    self.call = call
    self.returnPosition = returnPosition
    self.callTime = callTime
    self.returnTime = returnTime
    self.key = key
    self.session = session
    self.node = node
    self.line = line
    self.note = note
  }

  /// `op 17 (process 3): write 4 → ok`, for reports.
  public var description: String {
    let result: String =
      switch status {
      case .ok: "ok" + (output.map { $0 == input ? "" : " \($0)" } ?? "")
      case .fail: "fail"
      case .pending: "pending"
      }
    let keyText = key.map { " key \($0)" } ?? ""
    return "op \(id) (process \(process)\(line > 0 ? ", line \(line)" : "")): \(function)\(keyText) \(input) → \(result)"
  }
}

/// The operations a system performed, in invocation order.
public struct History: Hashable, Sendable {
  /// Every operation, ordered by `call`.
  public var operations: [Operation]
  /// Where it came from (a file name, or `<stdin>`), for messages.
  public var source: String

  /// Creates a history from operations, sorting them by invocation and renumbering their ids.
  public init(operations: [Operation], source: String = "<memory>") {
    var sorted = operations.sorted { $0.call < $1.call }
    for i in sorted.indices { sorted[i].id = i }
    self.operations = sorted
    self.source = source
  }
}
