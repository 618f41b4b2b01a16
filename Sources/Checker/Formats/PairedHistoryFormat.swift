/// Histories of paired operations, one record per operation (Porcupine's shape):
/// `{"client":0,"call":100,"return":150,"input":{"f":"write","value":3},"output":null}`.
///
/// `input` is either an object with `f`, `value` and optionally `key`, or a bare value with `f`
/// beside it. A missing or null `return` means pending; `status` (`ok`, `fail`, `info`) is
/// optional and defaults to `ok` for returned operations. Records may come one per line or in an array.
enum PairedHistoryFormat {
  static func parse(_ text: String, file: String) throws(HistoryParseError) -> History {
    var reader = JSONReader(text, file: file)
    var records: [(Value, Int)] = []
    reader.skipWhitespace()
    let isArray = reader.consume(UInt8(ascii: "["))
    while true {
      reader.skipWhitespace()
      if reader.isAtEnd { if isArray { throw reader.error("unterminated array: expected ']'") }; break }
      if isArray && reader.consume(UInt8(ascii: "]")) { break }
      let line = reader.line
      records.append((try reader.readValue(), line))
      if isArray && !reader.consume(UInt8(ascii: ",")) {
        guard reader.consume(UInt8(ascii: "]")) else { throw reader.error("expected ',' or ']' between operations") }
        break
      }
    }
    var fields = OpFields(file: file)
    var operations: [Operation] = []
    // Call and return times become positions in one merged real-time order.
    var stamps: [(time: Int64, isReturn: Bool, record: Int)] = []
    var parsed: [(process: Int, function: String, input: Value, output: Value?, status: Operation.Status, call: Int64, ret: Int64?, key: Value?, session: String?, node: String?, line: Int)] = []
    for (index, (record, line)) in records.enumerated() {
      guard case .map = record else {
        throw .badField(file: file, line: line, field: "(operation)", expected: "an object", found: record.kindName)
      }
      guard let clientValue = record["client"] ?? record["process"] else {
        throw .missingField(file: file, line: line, field: "client")
      }
      guard let process = try fields.process(clientValue, field: "client", line: line) else { continue }
      guard let callValue = record["call"] else { throw .missingField(file: file, line: line, field: "call") }
      guard let call = callValue.intValue else {
        throw .badField(file: file, line: line, field: "call", expected: "an integer time", found: callValue.kindName)
      }
      var ret: Int64?
      if let returnValue = record["return"], !returnValue.isNull {
        guard let r = returnValue.intValue else {
          throw .badField(file: file, line: line, field: "return", expected: "an integer time or null", found: returnValue.kindName)
        }
        guard r >= call else {
          throw .badField(file: file, line: line, field: "return", expected: "a time not before call (\(call))", found: String(r))
        }
        ret = Int64(r)
      }
      guard let inputValue = record["input"] else { throw .missingField(file: file, line: line, field: "input") }
      var function: String
      var input: Value
      var key: Value?
      if case .map = inputValue, let f = inputValue["f"] {
        guard let name = f.stringValue else {
          throw .badField(file: file, line: line, field: "input.f", expected: "a string", found: f.kindName)
        }
        (function, input, key) = (name, inputValue["value"] ?? .null, inputValue["key"])
      } else {
        guard let f = record["f"]?.stringValue else { throw .missingField(file: file, line: line, field: "f") }
        (function, input, key) = (f, inputValue, record["key"])
      }
      var status: Operation.Status = ret == nil ? .pending : .ok
      if let statusValue = record["status"], !statusValue.isNull {
        switch statusValue.stringValue {
        case "ok": status = .ok
        case "fail": status = .fail
        case "info": status = .pending; ret = nil
        default:
          throw .badField(file: file, line: line, field: "status", expected: "ok, fail or info", found: statusValue.description)
        }
      }
      if status != .pending && ret == nil {
        throw .badField(file: file, line: line, field: "return", expected: "a time for a completed operation", found: "null")
      }
      let output: Value? = status == .pending ? nil : (record["output"] ?? .null)
      parsed.append(
        (process, function, input, output, status, Int64(call), ret, key,
          try fields.optionalString("session", in: record, line: line),
          try fields.optionalString("node", in: record, line: line), line))
      stamps.append((Int64(call), false, index))
      if let ret { stamps.append((ret, true, index)) }
    }
    // Invocations before returns at equal times: touching intervals count as concurrent.
    stamps.sort { ($0.time, $0.isReturn ? 1 : 0, $0.record) < ($1.time, $1.isReturn ? 1 : 0, $1.record) }
    var callPosition = Array(repeating: 0, count: parsed.count)
    var returnPosition = Array(repeating: Int?.none, count: parsed.count)
    for (position, stamp) in stamps.enumerated() {
      if stamp.isReturn { returnPosition[stamp.record] = position } else { callPosition[stamp.record] = position }
    }
    for (index, op) in parsed.enumerated() {
      operations.append(
        Operation(
          id: 0, process: op.process, function: op.function, input: op.input, output: op.output, status: op.status,
          call: callPosition[index], returnPosition: returnPosition[index], callTime: op.call, returnTime: op.ret,
          key: op.key, session: op.session, node: op.node, line: op.line))
    }
    return History(operations: operations, source: file)
  }
}
