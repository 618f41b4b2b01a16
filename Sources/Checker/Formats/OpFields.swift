/// Reads the fields of one Jepsen op (from a JSON object or an EDN map) into a `HistoryEvent`.
///
/// Field names may be plain (`"type"`) or EDN keywords (`:type`, read as `type`); `type` and `f`
/// may be strings or keywords. Returns nil for events of the nemesis (a non-numeric process named
/// `nemesis`), which are not client operations.
struct OpFields {
  let file: String
  /// Non-numeric process names (other than the nemesis), numbered in order of appearance.
  private(set) var processNames: [String: Int] = [:]

  init(file: String) { self.file = file }

  mutating func event(from value: Value, line: Int) throws(HistoryParseError) -> HistoryEvent? {
    guard case .map = value else {
      throw .badField(file: file, line: line, field: "(op)", expected: "an object", found: value.kindName)
    }
    guard let typeValue = value["type"] else { throw .missingField(file: file, line: line, field: "type") }
    guard let typeName = typeValue.stringValue, let kind = HistoryEvent.Kind(rawValue: typeName) else {
      throw .badField(
        file: file, line: line, field: "type", expected: "invoke, ok, fail or info", found: typeValue.description)
    }
    guard let processValue = value["process"] else { throw .missingField(file: file, line: line, field: "process") }
    guard let process = try process(processValue, field: "process", line: line) else { return nil }
    guard let functionValue = value["f"] else { throw .missingField(file: file, line: line, field: "f") }
    guard let function = functionValue.stringValue else {
      throw .badField(file: file, line: line, field: "f", expected: "a string", found: functionValue.kindName)
    }
    var time: Int64?
    if let timeValue = value["time"], !timeValue.isNull {
      guard let t = timeValue.intValue else {
        throw .badField(file: file, line: line, field: "time", expected: "an integer (nanoseconds)", found: timeValue.kindName)
      }
      time = Int64(t)
    }
    let note = value["error"].flatMap { $0.isNull ? nil : ($0.stringValue ?? $0.description) }
    return HistoryEvent(
      kind: kind, process: process, function: function, value: value["value"] ?? .null, time: time,
      key: value["key"], session: try optionalString("session", in: value, line: line),
      node: try optionalString("node", in: value, line: line), line: line, note: note)
  }

  func optionalString(_ field: String, in value: Value, line: Int) throws(HistoryParseError) -> String? {
    guard let member = value[field], !member.isNull else { return nil }
    if let text = member.stringValue { return text }
    if let number = member.intValue { return String(number) }
    throw .badField(file: file, line: line, field: field, expected: "a string", found: member.kindName)
  }

  /// A process given as an integer or a name; names other than the nemesis get numbers far from
  /// Jepsen's small integers, in order of appearance. nil for the nemesis.
  mutating func process(_ value: Value, field: String, line: Int) throws(HistoryParseError) -> Int? {
    if let number = value.intValue { return number }
    guard let name = value.stringValue else {
      throw .badField(file: file, line: line, field: field, expected: "an integer or a name", found: value.kindName)
    }
    if name == "nemesis" { return nil }
    if let number = processNames[name] { return number }
    let number = 1_000_000 + processNames.count
    processNames[name] = number
    return number
  }
}
