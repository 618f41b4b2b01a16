import Checker
import Foundation
import Testing

@Suite("Malformed input gets a typed error naming file, line and field")
struct MalformedInputTests {
  static let jsonCases: [(String, HistoryParseError)] = [
    (#"{"type":"invoke","process":0,"f":"write","value":1"#,
      .syntax(file: "h.jsonl", line: 1, column: 51, reason: "expected ',' or '}' in object")),
    ("{\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"value\":1}\n{\"type\":\"ok\",,}",
      .syntax(file: "h.jsonl", line: 2, column: 14, reason: "expected a member name in quotes")),
    (#"{"process":0,"f":"write","value":1}"#, .missingField(file: "h.jsonl", line: 1, field: "type")),
    (#"{"type":"done","process":0,"f":"write"}"#,
      .badField(file: "h.jsonl", line: 1, field: "type", expected: "invoke, ok, fail or info", found: "\"done\"")),
    (#"{"type":"invoke","process":true,"f":"write"}"#,
      .badField(file: "h.jsonl", line: 1, field: "process", expected: "an integer or a name", found: "a boolean")),
    (#"{"type":"invoke","process":0}"#, .missingField(file: "h.jsonl", line: 1, field: "f")),
    (#"{"type":"invoke","process":0,"f":7}"#,
      .badField(file: "h.jsonl", line: 1, field: "f", expected: "a string", found: "an integer")),
    (#"{"type":"invoke","process":0,"f":"read","time":"noon"}"#,
      .badField(file: "h.jsonl", line: 1, field: "time", expected: "an integer (nanoseconds)", found: "a string")),
    (#"{"type":"ok","process":4,"f":"read","value":1}"#, .unmatchedCompletion(file: "h.jsonl", line: 1, process: 4)),
    ("{\"type\":\"invoke\",\"process\":1,\"f\":\"read\"}\n{\"type\":\"invoke\",\"process\":1,\"f\":\"read\"}",
      .overlappingInvocation(file: "h.jsonl", line: 2, process: 1, previousLine: 1)),
    (#"[{"type":"invoke","process":1,"f":"read"}"#,
      .syntax(file: "h.jsonl", line: 1, column: 42, reason: "expected ',' or ']' between operations")),
    ("[1, 2]", .badField(file: "h.jsonl", line: 1, field: "(op)", expected: "an object", found: "an integer")),
  ]

  @Test("JSON and JSON Lines", arguments: jsonCases.indices)
  func json(index: Int) {
    let (text, expected) = Self.jsonCases[index]
    #expect(throws: expected) { try HistoryReader.parse(text, file: "h.jsonl", format: .json) }
  }

  static let pairedCases: [(String, HistoryParseError)] = [
    (#"{"client":0,"return":5,"input":{"f":"read"}}"#, .missingField(file: "p.json", line: 1, field: "call")),
    (#"{"client":0,"call":9,"return":5,"input":{"f":"read"}}"#,
      .badField(file: "p.json", line: 1, field: "return", expected: "a time not before call (9)", found: "5")),
    (#"{"client":0,"call":1,"return":5}"#, .missingField(file: "p.json", line: 1, field: "input")),
    (#"{"client":0,"call":1,"return":5,"input":{"f":"read"},"status":"maybe"}"#,
      .badField(file: "p.json", line: 1, field: "status", expected: "ok, fail or info", found: "\"maybe\"")),
    (#"{"client":[1],"call":1,"return":5,"input":{"f":"read"}}"#,
      .badField(file: "p.json", line: 1, field: "client", expected: "an integer or a name", found: "an array")),
  ]

  @Test("Paired operations", arguments: pairedCases.indices)
  func paired(index: Int) {
    let (text, expected) = Self.pairedCases[index]
    #expect(throws: expected) { try HistoryReader.parse(text, file: "p.json", format: .paired) }
  }

  @Test("An operation the model cannot read is bad input, with its line")
  func modelMismatch() throws {
    let cas = try HistoryReader.parse(
      "{\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"value\":1}\n{\"type\":\"invoke\",\"process\":1,\"f\":\"cas\",\"value\":3}",
      file: "c.jsonl")
    #expect(throws: HistoryParseError.badField(
      file: "c.jsonl", line: 2, field: "value", expected: "[old new] for a cas for the cas-register model", found: "3"))
    {
      try ModelCatalog.checkLinearizability(cas, model: "cas-register")
    }
    #expect(throws: HistoryParseError.badField(
      file: "c.jsonl", line: 2, field: "f", expected: "read or write for the register model", found: "'cas'"))
    {
      try ModelCatalog.checkLinearizability(cas, model: "register")
    }
    #expect(throws: HistoryParseError.self) { try ModelCatalog.checkLinearizability(cas, model: "nonsense") }
  }

  @Test("Unreadable files and unrecognisable text")
  func unreadable() throws {
    let missing = "/nonexistent/history.jsonl"
    #expect {
      try HistoryReader.read(contentsOf: missing)
    } throws: { error in
      guard case .unreadable(let file, _) = error as? HistoryParseError else { return false }
      return file == missing
    }
    let binary = FileManager.default.temporaryDirectory.appendingPathComponent("distlab-binary-\(UUID()).bin")
    try Data([0xFF, 0xFE, 0x00, 0xC3]).write(to: binary)
    defer { try? FileManager.default.removeItem(at: binary) }
    #expect(throws: HistoryParseError.unreadable(file: binary.path, reason: "not UTF-8 text")) {
      try HistoryReader.read(contentsOf: binary.path)
    }
    #expect {
      try HistoryReader.parse("hello world\nthis is not a history", file: "x.txt")
    } throws: { error in
      guard case .unknownFormat(let file, _) = error as? HistoryParseError else { return false }
      return file == "x.txt"
    }
  }

  @Test("An empty history is linearizable under every model")
  func emptyHistory() throws {
    for text in ["", "\n\n", "[]"] {
      let history = try HistoryReader.parse(text)
      #expect(history.operations.isEmpty)
      for model in ModelCatalog.names {
        #expect(try ModelCatalog.checkLinearizability(history, model: model).verdict == .linearizable)
      }
    }
  }
}
