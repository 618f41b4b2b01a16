/// A fault schedule text that could not be parsed; names the entry and the word that is wrong.
public struct FaultScheduleParseError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The 1-based position of the entry among the `;`- or newline-separated entries.
  public var entry: Int
  /// The entry's text.
  public var text: String
  /// What is wrong.
  public var reason: String

  public var description: String { "fault schedule entry \(entry) ('\(text)'): \(reason)" }
}

extension FaultSchedule {
  /// Parses the text form: entries separated by `;` or newlines, each `at <time> <action>`.
  ///
  /// Actions: `partition n1,n2|n3` (two-way, between groups), `block n1->n2` (one way),
  /// `isolate n1`, `heal`, `crash n1`, `restart n1`, `clock n1 <offset> [drift]`.
  /// Times are a number and a unit: `ns`, `us`, `ms`, `s`, `m` (e.g. `250ms`, `1.5s`).
  /// Nodes are named `n<k>` (or just `k`), or by the names in `names`.
  public static func parse(_ text: String, names: [String: NodeID] = [:]) throws(FaultScheduleParseError)
    -> FaultSchedule
  {
    var entries: [Entry] = []
    let rawEntries = text.split(whereSeparator: { $0 == ";" || $0 == "\n" })
      .map { $0.trimmingWhitespace() }
      .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    for (i, raw) in rawEntries.enumerated() {
      func fail(_ reason: String) -> FaultScheduleParseError {
        FaultScheduleParseError(entry: i + 1, text: raw, reason: reason)
      }
      let words = raw.split(whereSeparator: \.isWhitespace).map(String.init)
      guard words.count >= 3, words[0] == "at" else {
        throw fail("expected 'at <time> <action>'")
      }
      guard let at = Duration(parsing: words[1]) else {
        throw fail("'\(words[1])' is not a time (use e.g. 500ms or 2s)")
      }
      func node(_ word: String) throws(FaultScheduleParseError) -> NodeID {
        if let id = names[word] { return id }
        let digits = word.hasPrefix("n") ? String(word.dropFirst()) : word
        if let number = Int(digits), names.isEmpty { return NodeID(number) }
        let known = names.keys.sorted().joined(separator: ", ")
        throw fail("unknown node '\(word)'" + (known.isEmpty ? "" : " (known: \(known))"))
      }
      func expectArguments(_ count: Int, _ usage: String) throws(FaultScheduleParseError) {
        if words.count - 3 != count { throw fail("usage: at <time> \(usage)") }
      }
      let verb = words[2]
      let action: FaultAction
      switch verb {
      case "partition":
        let spec = words.dropFirst(3).joined()
        let groupTexts = spec.split(separator: "|", omittingEmptySubsequences: false)
        guard groupTexts.count >= 2, groupTexts.allSatisfy({ !$0.isEmpty }) else {
          throw fail("usage: at <time> partition n1,n2|n3 (two or more groups)")
        }
        var groups: [[NodeID]] = []
        for groupText in groupTexts {
          var group: [NodeID] = []
          for name in groupText.split(separator: ",") { group.append(try node(String(name))) }
          groups.append(group)
        }
        action = .partition(groups)
      case "block":
        try expectArguments(1, "block n1->n2")
        let ends = words[3].split(separator: "->", omittingEmptySubsequences: false)
        guard ends.count == 2 else { throw fail("usage: at <time> block n1->n2") }
        action = .block(from: try node(String(ends[0])), to: try node(String(ends[1])))
      case "isolate":
        try expectArguments(1, "isolate n1")
        action = .isolate(try node(words[3]))
      case "heal":
        try expectArguments(0, "heal")
        action = .heal
      case "crash":
        try expectArguments(1, "crash n1")
        action = .crash(try node(words[3]))
      case "restart":
        try expectArguments(1, "restart n1")
        action = .restart(try node(words[3]))
      case "clock":
        guard words.count == 5 || words.count == 6 else {
          throw fail("usage: at <time> clock n1 <offset> [drift]")
        }
        guard let offset = Duration(parsing: words[4]) else {
          throw fail("'\(words[4])' is not a clock offset (use e.g. 50ms or -2s)")
        }
        var drift = 0.0
        if words.count == 6 {
          guard let value = Double(words[5]), value > -1 else {
            throw fail("'\(words[5])' is not a drift rate above -1 (e.g. 0.001)")
          }
          drift = value
        }
        action = .clock(try node(words[3]), ClockModel(offset: offset, drift: drift))
      default:
        throw fail("unknown action '\(verb)' (expected partition, block, isolate, heal, crash, restart or clock)")
      }
      entries.append(Entry(at: at, action))
    }
    return FaultSchedule(entries)
  }
}

extension Duration {
  /// Parses a time such as `250ms`, `1.5s`, `-2s`, `30us` or `2m`; nil if the text is not one.
  public init?(parsing text: String) {
    let units: [(String, Double)] = [
      ("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9),
    ]
    for (suffix, scale) in units where text.hasSuffix(suffix) {
      let number = text.dropLast(suffix.count)
      guard !number.isEmpty, let value = Double(number), value.isFinite,
        abs(value * scale) < 9e18
      else { return nil }
      self = .nanoseconds(Int64((value * scale).rounded()))
      return
    }
    return nil
  }
}

extension StringProtocol {
  func trimmingWhitespace() -> String {
    var slice = Substring(self)
    while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
    while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
    return String(slice)
  }
}
