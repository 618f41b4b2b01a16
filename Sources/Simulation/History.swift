/// The operations clients performed in a run, as the checker reads them: one event per line in
/// Jepsen's op schema (`type` invoke/ok/fail/info, `process`, `f`, `value`, `time`).
///
/// An `invoke` is matched with the next `ok`, `fail` or `info` of the same process. An operation a
/// client gave up on is completed with `info` (it may or may not have happened), and the client
/// continues as a new process, as Jepsen does; one still running when the run ends has no
/// completion at all (pending).
public struct History: Hashable, Sendable {
  /// The events in the order they happened.
  public private(set) var events: [HistoryEvent] = []
  /// How many events of each type there are (invoke, ok, fail, info), kept as events arrive so
  /// that a run can watch its progress after every event without scanning the history.
  private var counts = [0, 0, 0, 0]

  /// Creates an empty history.
  public init() {}

  /// The number of events of `type`: `count(of: .ok)` is how many operations succeeded so far.
  public func count(of type: HistoryEvent.EventType) -> Int { counts[type.countIndex] }

  /// How many operations have ended (ok, fail or info).
  public var endedCount: Int { counts[1] + counts[2] + counts[3] }

  mutating func append(_ event: HistoryEvent) {
    events.append(event)
    counts[event.type.countIndex] += 1
  }

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
  public var indeterminateCount: Int { count(of: .invoke) - count(of: .ok) - count(of: .fail) }
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

    var countIndex: Int {
      switch self {
      case .invoke: 0
      case .ok: 1
      case .fail: 2
      case .info: 3
      }
    }
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
