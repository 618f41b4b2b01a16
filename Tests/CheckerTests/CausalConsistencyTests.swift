import Checker
import Testing

@Suite("Causal consistency: CC and CCv by bad patterns")
struct CausalConsistencyTests {
  /// Builds a history from sessions of operations: `w x 1` writes, `r x 1` reads (`r x -` reads the initial value).
  func history(_ sessions: [[String]]) throws -> History {
    var lines: [String] = []
    for (s, ops) in sessions.enumerated() {
      for op in ops {
        let words = op.split(separator: " ").map(String.init)
        let f = words[0] == "w" ? "write" : "read"
        let value = words[2] == "-" ? "null" : words[2]
        lines.append(#"{"type":"invoke","process":\#(s),"f":"\#(f)","key":"\#(words[1])","value":\#(f == "write" ? value : "null")}"#)
        lines.append(#"{"type":"ok","process":\#(s),"f":"\#(f)","key":"\#(words[1])","value":\#(value)}"#)
      }
    }
    return try HistoryReader.parse(lines.joined(separator: "\n"), format: .json)
  }

  func check(_ sessions: [[String]]) throws -> CausalConsistencyChecker.Result {
    CausalConsistencyChecker().check(try history(sessions))
  }

  @Test("ThinAirRead: a read of a value nobody wrote")
  func thinAir() throws {
    let bad = try check([["r x 5"]])
    #expect(bad.cc == false && bad.violations.map(\.pattern) == [.thinAirRead])
    #expect(try check([["w x 5"], ["r x 5"]]).cc == true)
  }

  @Test("CyclicCO: each session reads a write the other makes later")
  func cyclicCO() throws {
    let bad = try check([["r x 1", "w y 1"], ["r y 1", "w x 1"]])
    #expect(bad.cc == false && bad.ccv == false)
    #expect(bad.violations.first?.pattern == .cyclicCO && bad.violations.first?.operations.count == 4)
    #expect(try check([["w y 1", "r x 1"], ["w x 1", "r y 1"]]).cc == true)
  }

  @Test("WriteCOInitRead: a session reads the initial value after its own write")
  func initRead() throws {
    let bad = try check([["w x 1", "r x -"]])
    #expect(bad.cc == false && bad.violations.map(\.pattern) == [.writeCOInitRead])
    #expect(try check([["w x 1"], ["r x -"]]).cc == true, "a concurrent write may not be visible yet")
  }

  @Test("WriteCORead: a read goes back to a value overwritten causally before it")
  func coRead() throws {
    let bad = try check([["w x 1", "w x 2"], ["r x 2", "r x 1"]])
    #expect(bad.cc == false && bad.ccv == false && bad.violations.first?.pattern == .writeCORead)
    #expect(bad.violations.first?.operations.count == 3)
    #expect(try check([["w x 1", "w x 2"], ["r x 1", "r x 2"]]).cc == true)
  }

  @Test("CyclicCF: causal but not convergent — two readers see two concurrent writes in opposite orders")
  func cyclicCF() throws {
    let bad = try check([["w x 1"], ["w x 2"], ["r x 1", "r x 2"], ["r x 2", "r x 1"]])
    #expect(bad.cc == true && bad.ccv == false)
    #expect(bad.violations.map(\.pattern) == [.cyclicCF])
    #expect(try check([["w x 1"], ["w x 2"], ["r x 1", "r x 2"], ["r x 1", "r x 2"]]).ccv == true)
  }

  @Test("A history that is not differentiated gets a clear message, not a verdict")
  func notDifferentiated() throws {
    let result = try check([["w x 1"], ["w x 1"]])
    #expect(result.cc == nil && result.ccv == nil)
    #expect(result.notApplicable?.contains("not differentiated") == true)
  }

  @Test("Every linearizable register history with distinct writes is CC and CCv (1,500 random histories)")
  func linearizableImpliesCausal() throws {
    var linearizable = 0
    for seed in UInt64(0)..<1_500 {
      var next = 0
      var random = RandomHistories(seed: seed)
      let text = random.events(operations: 8, processes: 3) { random in
        if random.next(2) == 0 { return ("read", .null) }
        next += 1
        return ("write", .int(next))
      } makeOutput: { random, f, value in
        f == "read" ? (random.next(4) == 0 ? .null : .int(max(1, next - random.next(3)))) : value
      }
      let history = try HistoryReader.parse(text, format: .json)
      guard try ModelCatalog.checkLinearizability(history, model: "register").verdict == .linearizable else { continue }
      linearizable += 1
      let causal = CausalConsistencyChecker().check(history)
      #expect(causal.cc == true && causal.ccv == true, "seed \(seed): \(causal.violations)\n\(text)")
    }
    #expect(linearizable > 200)
  }
}
