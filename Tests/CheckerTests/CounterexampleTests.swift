import Checker
import Testing

@Suite("Counterexamples")
struct CounterexampleTests {
  func check(_ text: String, model: String) throws -> (LinearizabilityResult, History) {
    let history = try HistoryReader.parse(text, format: .json)
    return (try ModelCatalog.checkLinearizability(history, model: model), history)
  }

  @Test("A stale read: the read cannot be placed after both writes")
  func staleRead() throws {
    let (result, history) = try check(
      """
      {"type":"invoke","process":0,"f":"write","value":1}
      {"type":"ok","process":0,"f":"write","value":1}
      {"type":"invoke","process":1,"f":"write","value":2}
      {"type":"ok","process":1,"f":"write","value":2}
      {"type":"invoke","process":2,"f":"read","value":null}
      {"type":"ok","process":2,"f":"read","value":1}
      """, model: "register")
    let counterexample = try #require(result.counterexample)
    #expect(result.verdict == .notLinearizable)
    #expect(counterexample.unplaceable == 2)
    #expect(counterexample.furthest.first?.map(\.operation) == [0, 1])
    #expect(counterexample.furthest.first?.map(\.stateAfter) == ["1", "2"])
    #expect(history.operations[2].function == "read")
  }

  @Test("The shortest failing prefix stops at the first violation; later operations are left out")
  func shortestPrefix() throws {
    var lines = [
      #"{"type":"invoke","process":0,"f":"write","value":1}"#, #"{"type":"ok","process":0,"f":"write","value":1}"#,
      #"{"type":"invoke","process":1,"f":"read","value":null}"#, #"{"type":"ok","process":1,"f":"read","value":7}"#,
    ]
    for i in 0..<20 {
      lines.append(#"{"type":"invoke","process":0,"f":"write","value":\#(i + 10)}"#)
      lines.append(#"{"type":"ok","process":0,"f":"write","value":\#(i + 10)}"#)
    }
    let (result, _) = try check(lines.joined(separator: "\n"), model: "register")
    let counterexample = try #require(result.counterexample)
    #expect(counterexample.operations == [0, 1])
    #expect(counterexample.prefixEndsWith == 1)
    #expect(counterexample.unplaceable == 1)
  }

  @Test("A key-value violation names its key, and the text report names the operation and line")
  func keyedReport() throws {
    let (result, history) = try check(
      """
      {"type":"invoke","process":0,"f":"put","key":"a","value":"1"}
      {"type":"ok","process":0,"f":"put","key":"a","value":"1"}
      {"type":"invoke","process":0,"f":"put","key":"b","value":"x"}
      {"type":"ok","process":0,"f":"put","key":"b","value":"x"}
      {"type":"invoke","process":1,"f":"get","key":"b","value":null}
      {"type":"ok","process":1,"f":"get","key":"b","value":""}
      """, model: "kv")
    #expect(result.counterexample?.part == .string("b"))
    let text = LinearizabilityReport(result: result, history: history).text
    #expect(text.contains("NOT linearizable"))
    #expect(text.contains("failing part: key \"b\""))
    #expect(text.contains("cannot place: op 2 (process 1, line 5)"))
    let json = JSONWriter.text(LinearizabilityReport(result: result, history: history).json)
    #expect(json.contains(#""verdict":"not-linearizable""#) && json.contains(#""unplaceable":2"#))
  }

  @Test("A budget too small for the search ends in unknown with a reason, not a crash")
  func budgetGivesUnknown() throws {
    // Eight concurrent writes (values repeat, so no shortcut applies) and a read that sees none of them.
    var lines: [String] = []
    for p in 0..<8 { lines.append(#"{"type":"invoke","process":\#(p),"f":"write","value":\#(p % 4)}"#) }
    for p in 0..<8 { lines.append(#"{"type":"ok","process":\#(p),"f":"write","value":\#(p % 4)}"#) }
    lines.append(#"{"type":"invoke","process":9,"f":"read","value":null}"#)
    lines.append(#"{"type":"ok","process":9,"f":"read","value":99}"#)
    let history = try HistoryReader.parse(lines.joined(separator: "\n"))
    let limited = try ModelCatalog.checkLinearizability(history, model: "register", maxStates: 10)
    #expect(limited.verdict == .unknown)
    #expect(limited.unknownReason?.contains("state limit") == true)
    let full = try ModelCatalog.checkLinearizability(history, model: "register")
    #expect(full.verdict == .notLinearizable)
  }
}
