import Testing

@testable import Checker

/// The EDN reader on every kind of form, and EDN histories read through `HistoryReader`.
@Suite("EDN reader and EDN histories")
struct EDNFormatTests {
  /// Reads exactly one form from `text`.
  private static func readOne(_ text: String) throws(HistoryParseError) -> Value {
    var reader = EDNReader(text, file: "t.edn")
    let value = try reader.readValue()
    try reader.skipIgnored()
    guard reader.isAtEnd else { throw reader.error("test: text left after the form") }
    return value
  }

  /// The line, column and reason of a syntax error; nil for any other error or none.
  private static func syntax(_ error: HistoryParseError?) -> (line: Int, column: Int?, reason: String)? {
    guard case .syntax(_, let line, let column, let reason)? = error else { return nil }
    return (line, column, reason)
  }

  // MARK: Reader

  @Test(
    "Scalars read as their Value",
    arguments: [
      ("nil", Value.null), ("true", .bool(true)), ("false", .bool(false)),
      ("42", .int(42)), ("-7", .int(-7)), ("+3", .int(3)), ("0", .int(0)), ("12N", .int(12)),
      ("99999999999999999999N", .double(1e20)),
      ("3.5", .double(3.5)), ("-0.25", .double(-0.25)), ("1e3", .double(1000)), ("1.5E-2", .double(0.015)),
      ("2.5M", .double(2.5)), ("7M", .double(7)),
      (#""a\tb\"c\\d\u0041\n""#, .string("a\tb\"c\\dA\n")), ("\"two\nlines\"", .string("two\nlines")),
      (":foo", .string("foo")), (":foo/bar", .string("foo/bar")), (":timed-out", .string("timed-out")),
      ("foo", .string("foo")), ("my.ns/sym", .string("my.ns/sym")), ("/", .string("/")), ("-", .string("-")),
      ("<=", .string("<=")), ("a'", .string("a'")), ("-x", .string("-x")),
      (#"\a"#, .string("a")), (#"\newline"#, .string("\n")), (#"\space"#, .string(" ")), (#"\u00e9"#, .string("é")),
      (#"#inst "2017-03-02T10:11:12.345-00:00""#, .string("2017-03-02T10:11:12.345-00:00")),
      (#"#uuid "f81d4fae-7dec-11d0-a765-00a0c91e6bf6""#, .string("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")),
      ("#my/tag [1 2]", .array([1, 2])), ("##Inf", .double(.infinity)), ("##-Inf", .double(-.infinity)),
    ])
  func scalar(text: String, expected: Value) throws {
    #expect(try Self.readOne(text) == expected)
  }

  @Test("##NaN reads as a NaN double")
  func notANumber() throws {
    guard case .double(let d) = try Self.readOne("##NaN") else {
      Issue.record("##NaN is not a double")
      return
    }
    #expect(d.isNaN)
  }

  @Test("Maps keep their order; vectors, lists and sets read as arrays")
  func collections() throws {
    let value = try Self.readOne(#"{:z 1, :a [1 2 (3 4)] :set #{5} "s" {} nil ()}"#)
    #expect(
      value
        == .map([
          .init("z", 1), .init("a", [1, 2, [3, 4]]), .init("set", [5]), .init("s", .map([])), .init(.null, []),
        ]))
    #expect(value["a"] == [1, 2, [3, 4]])
    #expect(try Self.readOne("[]") == [])
    #expect(try Self.readOne("#{}") == [])
    #expect(try Self.readOne("{}") == .map([]))
  }

  @Test("Commas are white space; comments and #_ discards are skipped")
  func ignoredText() throws {
    #expect(try Self.readOne("[1, ;one\n 2 #_ 3 #_ #_ 4 5 6 #_(7 8),]") == [1, 2, 6])
    #expect(try Self.readOne("; lead\n#_ {:a 1}\n:kept ; trail") == "kept")
  }

  @Test(
    "Malformed EDN throws a syntax error at the right place",
    arguments: [
      ("{:a 1", 1, 1, "unterminated map"),
      ("[1 2\n {:a 1 :b}]", 2, 2, "odd number of forms"),
      ("::foo", 1, 1, "bad keyword"),
      ("[:]", 1, 2, "bad keyword"),
      (":a/", 1, 1, "bad keyword"),
      (":a/b/c", 1, 1, "bad keyword"),
      ("[1 @x]", 1, 4, "unexpected character '@'"),
      ("[é @]", 1, 4, "unexpected character '@'"),
      ("\"abc", 1, 1, "unterminated string"),
      (#""a\qb""#, 1, 3, "unknown escape"),
      ("[1 #_]", 1, 4, "no form to discard"),
      ("(1 2]", 1, 5, "unexpected ']'"),
      ("\n\n  }", 3, 3, "unexpected '}'"),
      ("010", 1, 1, "leading zeros"),
      ("1.2.3", 1, 1, "bad number"),
      ("#inst 5", 1, 7, "needs a string"),
      (#"#"re""#, 1, 2, "after '#'"),
      (#"\bogus"#, 1, 1, "unknown character name"),
      ("", 1, 1, "end of input"),
    ])
  func malformed(text: String, line: Int, column: Int, reason: String) {
    let error = #expect(throws: HistoryParseError.self) { try Self.readOne(text) }
    let place = Self.syntax(error)
    #expect(place?.line == line)
    #expect(place?.column == column)
    #expect(place?.reason.contains(reason) == true, "reason: \(place?.reason ?? "none")")
  }

  @Test("A reader started mid-line reports columns from there")
  func offsetColumns() {
    var reader = EDNReader("[1 ", file: "t", line: 7, column: 30)
    let error = #expect(throws: HistoryParseError.self) { try reader.readValue() }
    #expect(error == .syntax(file: "t", line: 7, column: 30, reason: "unterminated vector: no ']' closes the one opened here"))
  }

  // MARK: Histories

  static let history = """
    {:index 0, :time 100, :type :invoke, :process 0, :f :write, :value 3}
    {:index 1, :time 150, :type :invoke, :process 1, :f :read, :value nil}
    {:index 2, :time 200, :type :ok, :process 0, :f :write, :value 3}
    {:index 3, :time 210, :type :info, :process :nemesis, :f :start, :value nil}
    {:index 4, :time 250, :type :ok, :process 1, :f :read, :value 3}
    {:index 5, :time 300, :type :invoke, :process 2, :f :cas, :value [3 4]}
    {:index 6, :time 320, :type :fail, :process 2, :f :cas, :value [3 4]}
    {:index 7, :time 400, :type :invoke, :process 3, :f :write, :value 5}
    {:index 8, :time 450, :type :info, :process 3, :f :write, :value 5, :error :timed-out}
    {:index 9, :time 500, :type :invoke, :process 0, :f :read, :value nil}
    """

  @Test("Op maps one per line pair into operations; the nemesis is skipped")
  func pairsOperations() throws {
    #expect(HistoryReader.detectFormat(Self.history) == .edn)
    let history = try HistoryReader.parse(Self.history, file: "h.edn")
    #expect(history.source == "h.edn")
    #expect(
      history.operations == [
        Operation(
          id: 0, process: 0, function: "write", input: 3, output: 3, status: .ok, call: 0, returnPosition: 2,
          callTime: 100, returnTime: 200, line: 1),
        Operation(
          id: 1, process: 1, function: "read", input: .null, output: 3, status: .ok, call: 1, returnPosition: 3,
          callTime: 150, returnTime: 250, line: 2),
        Operation(
          id: 2, process: 2, function: "cas", input: [3, 4], output: [3, 4], status: .fail, call: 4, returnPosition: 5,
          callTime: 300, returnTime: 320, line: 6),
        Operation(
          id: 3, process: 3, function: "write", input: 5, status: .pending, call: 6, returnPosition: nil,
          callTime: 400, returnTime: 450, line: 8, note: "timed-out"),
        Operation(
          id: 4, process: 0, function: "read", input: .null, status: .pending, call: 8, returnPosition: nil,
          callTime: 500, line: 10),
      ])
  }

  @Test("A vector or list of multi-line maps reads like one map per line")
  func wrappedHistory() throws {
    let vector = """
      [{:type :invoke, :process 0, :f :read, :value nil, :key "x"}
       {:type :ok,
        :process 0,
        :f :read,
        :value [1 2]} #_{:type :ok, :process 9, :f :read}]
      """
    #expect(HistoryReader.detectFormat(vector) == .edn)
    let history = try HistoryReader.parse(vector, file: "v.edn")
    #expect(
      history.operations == [
        Operation(
          id: 0, process: 0, function: "read", input: .null, output: [1, 2], status: .ok, call: 0, returnPosition: 1,
          key: "x", line: 1)
      ])
    let list = "(" + vector.dropFirst().dropLast() + ")"
    #expect(try HistoryReader.parse(list, file: "v.edn", format: .edn) == history)
  }

  @Test("A read that fails with :timed-out completed with an unknown result; other failures stay failures")
  func timedOutRead() throws {
    let text = """
      {:type :invoke, :process 5, :f :read, :value nil}
      {:type :fail, :process 5, :f :read, :value nil, :error :timed-out}
      {:type :invoke, :process 6, :f :read, :value nil}
      {:type :fail, :process 6, :f :read, :value nil, :error :not-leader}
      """
    let operations = try HistoryReader.parse(text, file: "r.edn").operations
    #expect(operations.map(\.status) == [.ok, .fail])
    #expect(operations[0].output == nil)
    #expect(operations[0].note == "timed-out")
    #expect(operations[1].output == .null)
    #expect(operations[1].note == "not-leader")
  }

  @Test(
    "Malformed histories throw a syntax error on the op's line",
    arguments: [
      ("{:type :invoke, :process 0, :f :read, :value nil}\n{:type :ok, :process 0, :f :read, :value 1\n", 2),
      ("{:type :invoke, :process 0, :f :read, :value nil}\n\n{:type :ok, :process 0, :f :read :value}", 3),
      ("{:type :invoke, :process 0, :f :read, :value nil}\n{:type :ok, :process 0, :f ::read, :value 1}", 2),
      ("[{:type :invoke, :process 0, :f :read, :value nil}\n", 1),
      ("{:type :invoke, :process 0, :f :read, :value nil}\n}", 2),
    ])
  func malformedHistory(text: String, line: Int) {
    let error = #expect(throws: HistoryParseError.self) { try HistoryReader.parse(text, file: "bad.edn", format: .edn) }
    #expect(Self.syntax(error)?.line == line, "\(String(describing: error))")
  }

  @Test("A completion without an invocation, or a missing field, names its line")
  func unmatched() {
    let orphan = "{:type :invoke, :process 0, :f :read, :value nil}\n{:type :ok, :process 1, :f :read, :value 1}"
    #expect(throws: HistoryParseError.unmatchedCompletion(file: "o.edn", line: 2, process: 1)) {
      try HistoryReader.parse(orphan, file: "o.edn")
    }
    let missing = "{:type :invoke, :process 0, :f :read, :value nil}\n\n{:process 0, :f :read, :value 1}"
    #expect(throws: HistoryParseError.missingField(file: "m.edn", line: 3, field: "type")) {
      try HistoryReader.parse(missing, file: "m.edn")
    }
  }
}
