/// One line of an event-style history (Jepsen's op schema): an invocation or a completion.
///
/// Readers of every event format produce these; `HistoryEvent.pair(_:file:)` turns them into
/// operations.
public struct HistoryEvent: Hashable, Sendable {
  /// Jepsen's event types.
  public enum Kind: String, Hashable, Sendable {
    case invoke, ok, fail, info
  }

  public var kind: Kind
  public var process: Int
  public var function: String
  public var value: Value
  public var time: Int64?
  public var key: Value?
  public var session: String?
  public var node: String?
  /// Line in the source file.
  public var line: Int
  /// Extra words after the value, e.g. `timed-out` (Jepsen's `:error`).
  public var note: String?

  public init(
    kind: Kind, process: Int, function: String, value: Value, time: Int64? = nil, key: Value? = nil,
    session: String? = nil, node: String? = nil, line: Int, note: String? = nil
  ) {
    self.kind = kind
    self.process = process
    self.function = function
    self.value = value
    self.time = time
    self.key = key
    self.session = session
    self.node = node
    self.line = line
    self.note = note
  }

  /// Matches each invocation with the next completion of the same process.
  ///
  /// `ok` completes with its value as the result; `fail` certainly did not happen; `info`, and an
  /// invocation never completed, are pending. A read that fails with `timed-out` completed but its
  /// result is unknown (reads change nothing, so only the result is lost).
  public static func pair(_ events: [HistoryEvent], file: String) throws(HistoryParseError) -> History {
    var open: [Int: (event: HistoryEvent, position: Int)] = [:]
    var operations: [Operation] = []
    operations.reserveCapacity(events.count / 2 + 1)
    for (position, event) in events.enumerated() {
      if event.kind == .invoke {
        if let previous = open[event.process] {
          throw .overlappingInvocation(
            file: file, line: event.line, process: event.process, previousLine: previous.event.line)
        }
        open[event.process] = (event, position)
        continue
      }
      guard let (invocation, call) = open.removeValue(forKey: event.process) else {
        throw .unmatchedCompletion(file: file, line: event.line, process: event.process)
      }
      var status: Operation.Status
      var output: Value?
      switch event.kind {
      case .ok: (status, output) = (.ok, event.value)
      case .fail: (status, output) = (.fail, event.value)
      case .info, .invoke: (status, output) = (.pending, nil)
      }
      var returnPosition: Int? = position
      if event.kind == .info { returnPosition = nil }
      if event.kind == .fail && invocation.function == "read" && event.note == "timed-out" {
        (status, output) = (.ok, nil)
      }
      operations.append(
        Operation(
          id: 0, process: event.process, function: invocation.function, input: invocation.value,
          output: output, status: status, call: call, returnPosition: returnPosition,
          callTime: invocation.time, returnTime: event.time, key: invocation.key ?? event.key,
          session: invocation.session ?? event.session, node: invocation.node ?? event.node,
          line: invocation.line, note: event.note))
    }
    for (_, (invocation, call)) in open {
      operations.append(
        Operation(
          id: 0, process: invocation.process, function: invocation.function, input: invocation.value,
          status: .pending, call: call, returnPosition: nil, callTime: invocation.time, key: invocation.key,
          session: invocation.session, node: invocation.node, line: invocation.line))
    }
    return History(operations: operations, source: file)
  }
}
