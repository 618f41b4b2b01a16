/// The operations clients performed in a run, as the checker reads them: one event per line in
/// Jepsen's op schema (`type` invoke/ok/fail/info, `process`, `f`, `value`, `time`).
///
/// An `invoke` is matched with the next `ok`, `fail` or `info` of the same process. An operation a
/// client gave up on is completed with `info` (it may or may not have happened), and the client
/// continues as a new process, as Jepsen does; one still running when the run ends has no
/// completion at all (pending).
public struct History: Hashable, Sendable {
  /// The events in the order they happened.
  public internal(set) var events: [HistoryEvent] = []

  /// Creates an empty history.
  public init() {}

  /// The history as JSON Lines, one event per line, fields in a fixed order.
  public var jsonLines: String {
    var out = JSONText()
    for event in events {
      event.write(to: &out)
      out.newline()
    }
    return out.text
  }

  /// Operations invoked but never answered with `ok` or `fail`.
  public var indeterminateCount: Int {
    let invokes = events.count(where: { $0.type == .invoke })
    let determinate = events.count(where: { $0.type == .ok || $0.type == .fail })
    return invokes - determinate
  }
}

/// One line of a history: an invocation or a completion.
public struct HistoryEvent: Hashable, Sendable {
  /// Jepsen's event types.
  public enum EventType: String, Hashable, Sendable {
    /// The operation started.
    case invoke
    /// It took effect, with this result.
    case ok
    /// It certainly did not take effect.
    case fail
    /// Its outcome is unknown (timed out, crashed).
    case info
  }

  /// Position in the history, from 0.
  public var index: Int
  /// Invocation or completion kind.
  public var type: EventType
  /// The logical client (Jepsen's process); a client that gives up continues as a new process.
  public var process: Int
  /// The operation's name (`read`, `write`, …).
  public var function: String
  /// The argument (on invoke) or result (on completion).
  public var value: HistoryValue
  /// True virtual time of the event.
  public var time: Duration
  /// The client node that performed it.
  public var node: String

  func write(to out: inout JSONText) {
    out.beginObject()
    out.field("index", index)
    out.field("type", type.rawValue)
    out.field("process", process)
    out.field("f", function)
    out.field("value", value)
    out.field("time", time.nanosecondCount)
    out.field("node", node)
    out.endObject()
  }
}
