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
    let process: Int
    if let number = processValue.intValue {
      process = number
    } else if let name = processValue.stringValue {
      if name == "nemesis" { return nil }
      process = try number(forProcessName: name)
    } else {
      throw .badField(file: file, line: line, field: "process", expected: "an integer", found: processValue.kindName)
    }
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

  private mutating func number(forProcessName name: String) throws(HistoryParseError) -> Int {
    if let number = processNames[name] { return number }
    // Named processes get numbers far from Jepsen's small integers.
    let number = 1_000_000 + processNames.count
    processNames[name] = number
    return number
  }
}
