import Checker
import Testing

/// Jepsen's text log read through `HistoryReader`: op lines found after any logger prefix.
@Suite("Jepsen log histories")
struct JepsenLogFormatTests {
  /// A run's log with tabs between fields, as `jepsen.util/log-op` prints it, among other output.
  static let tabbed = """
    INFO  jepsen.core - Running test with 5 clients
    INFO  jepsen.util - 0\t:invoke\t:write\t3
    INFO  jepsen.util - 1\t:invoke\t:read\tnil
    INFO  jepsen.util - 0\t:ok\t:write\t3
    INFO  jepsen.util - :nemesis\t:info\t:start\tnil
    INFO  jepsen.util - 1\t:ok\t:read\t3

    INFO  jepsen.util - 2\t:invoke\t:cas\t[3 4]
    INFO  jepsen.util - 2\t:fail\t:cas\t[3 4]
    INFO  jepsen.util - 3\t:invoke\t:cas\t[1 4]
    INFO  jepsen.util - 3\t:info\t:cas\t[1 4]\t:timed-out
    INFO  jepsen.util - 4\t:invoke\t:read\tnil
    INFO  jepsen.util - 4\t:fail\t:read\tnil\t:timed-out
    INFO  jepsen.core - Run complete, writing
    """

  /// The line, column and reason of a syntax error; nil for any other error or none.
  private static func syntax(_ error: HistoryParseError?) -> (line: Int, column: Int?, reason: String)? {
    guard case .syntax(_, let line, let column, let reason)? = error else { return nil }
    return (line, column, reason)
  }

  @Test("Op lines pair into operations; other lines and the nemesis are skipped")
  func pairsOperations() throws {
    #expect(HistoryReader.detectFormat(Self.tabbed) == .jepsenLog)
    let history = try HistoryReader.parse(Self.tabbed, file: "jepsen.log")
    #expect(
      history.operations == [
        Operation(
          id: 0, process: 0, function: "write", input: 3, output: 3, status: .ok, call: 0, returnPosition: 2, line: 2),
        Operation(
          id: 1, process: 1, function: "read", input: .null, output: 3, status: .ok, call: 1, returnPosition: 3, line: 3),
        Operation(
          id: 2, process: 2, function: "cas", input: [3, 4], output: [3, 4], status: .fail, call: 4, returnPosition: 5,
          line: 8),
        Operation(
          id: 3, process: 3, function: "cas", input: [1, 4], status: .pending, call: 6, returnPosition: nil, line: 10,
          note: "timed-out"),
        Operation(
          id: 4, process: 4, function: "read", input: .null, status: .ok, call: 8, returnPosition: 9, line: 12,
          note: "timed-out"),
      ])
  }

  @Test("Tabs, spaces and Jepsen's mixed ' \\t ' separators give the same history")
  func separators() throws {
    let tabbed = try HistoryReader.parse(Self.tabbed, file: "jepsen.log")
    let spaced = Self.tabbed.replacingOccurrences(of: "\t", with: " ")
    let mixed = Self.tabbed.replacingOccurrences(of: "\t", with: " \t ")
    #expect(HistoryReader.detectFormat(spaced) == .jepsenLog)
    #expect(try HistoryReader.parse(spaced, file: "jepsen.log") == tabbed)
    #expect(try HistoryReader.parse(mixed, file: "jepsen.log") == tabbed)
  }

  @Test("A timestamped logger prefix with its own numbers is skipped")
  func timestampedPrefix() throws {
    let text = """
      2017-03-02 10:11:12,345{GMT}\tINFO\t[jepsen worker 3] jepsen.util: 3\t:invoke\t:read\tnil
      2017-03-02 10:11:12,351{GMT}\tINFO\t[jepsen worker 3] jepsen.util: 3\t:ok\t:read\t4
      """
    #expect(HistoryReader.detectFormat(text) == .jepsenLog)
    let operations = try HistoryReader.parse(text, file: "t.log").operations
    #expect(
      operations == [
        Operation(
          id: 0, process: 3, function: "read", input: .null, output: 4, status: .ok, call: 0, returnPosition: 1, line: 1)
      ])
  }

  @Test("Values of any EDN kind; errors as keywords, strings or free text become notes")
  func valuesAndNotes() throws {
    let text = """
      INFO  jepsen.util - 0 :invoke :txn [[:append 9 1] [:r 9 nil]]
      INFO  jepsen.util - 0 :ok :txn [[:append 9 1] [:r 9 [1]]]
      INFO  jepsen.util - 1 :invoke :add #{1 2}
      INFO  jepsen.util - 1 :fail :add #{1 2} indeterminate: Connection refused
      INFO  jepsen.util - 2 :invoke :put {:k "a b", :v 1}
      INFO  jepsen.util - 2 :fail :put {:k "a b", :v 1}\t"no leader"
      """
    let operations = try HistoryReader.parse(text, file: "v.log").operations
    #expect(operations.map(\.input) == [[["append", 9, 1], ["r", 9, .null]], [1, 2], .map([.init("k", "a b"), .init("v", 1)])])
    #expect(operations[0].output == [["append", 9, 1], ["r", 9, [1]]])
    #expect(operations.map(\.status) == [.ok, .fail, .fail])
    #expect(operations.map(\.note) == [nil, "indeterminate: Connection refused", "no leader"])
  }

  @Test("Text without op lines is not a Jepsen log")
  func noOps() {
    // Detection sees the `:ok` word, but no process precedes it, so there is no op.
    let text = "INFO  jepsen.core - Running test\n\nINFO  jepsen.core - 3 clients :ok\n"
    #expect(HistoryReader.detectFormat(text) == .jepsenLog)
    let error = #expect(throws: HistoryParseError.self) { try HistoryReader.parse(text, file: "n.log") }
    guard case .unknownFormat(let file, let reason)? = error else {
      Issue.record("expected unknownFormat, got \(String(describing: error))")
      return
    }
    #expect(file == "n.log")
    #expect(reason.contains("no Jepsen op lines"))
  }

  @Test("A log of nemesis ops only is an empty history")
  func nemesisOnly() throws {
    let text = "INFO  jepsen.util - :nemesis\t:info\t:start\tnil\nINFO  jepsen.util - :nemesis\t:info\t:start\t[:isolated]\n"
    #expect(try HistoryReader.parse(text, file: "n.log").operations.isEmpty)
  }

  @Test(
    "A malformed op line throws a syntax error on its line",
    arguments: [
      ("INFO  jepsen.util - 0\t:invoke\t:read\tnil\n\nINFO  jepsen.util - 3\t:invoke\t:cas\t[2 4", 3, 36, "unterminated vector"),
      ("INFO  jepsen.util - 3 :invoke :cas [1 @]", 1, 39, "unexpected character '@'"),
      ("INFO  jepsen.util - 3 :invoke", 1, 30, "missing the function"),
      ("INFO  jepsen.util - 3 :invoke read nil", 1, 31, "expected the function"),
      ("INFO  jepsen.util - 3 :invoke :read", 1, 36, "missing the value"),
      ("INFO  jepsen.util - 3 :invoke ::read nil", 1, 31, "bad keyword"),
    ])
  func malformed(text: String, line: Int, column: Int, reason: String) {
    let error = #expect(throws: HistoryParseError.self) { try HistoryReader.parse(text, file: "b.log", format: .jepsenLog) }
    let place = Self.syntax(error)
    #expect(place?.line == line)
    #expect(place?.column == column)
    #expect(place?.reason.contains(reason) == true, "reason: \(place?.reason ?? "none")")
  }

  @Test("A completion without an invocation names its line")
  func unmatched() {
    let text = "INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 1\t:ok\t:read\t2\n"
    #expect(throws: HistoryParseError.unmatchedCompletion(file: "u.log", line: 2, process: 1)) {
      try HistoryReader.parse(text, file: "u.log")
    }
  }
}
