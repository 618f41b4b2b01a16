import Checker
import Testing

@Suite("Session guarantees")
struct SessionGuaranteeTests {
  let histories = CausalConsistencyTests()

  func violations(_ sessions: [[String]]) throws -> [SessionGuarantee] {
    let result = SessionGuaranteeChecker().check(try histories.history(sessions))
    return try #require(result.violations).keys.sorted { $0.rawValue < $1.rawValue }
  }

  @Test("Read your writes: a session reads an older value after its own write, or the initial one")
  func readYourWrites() throws {
    #expect(try violations([["w x 1", "r x -"]]) == [.readYourWrites])
    #expect(try violations([["w x 1", "w x 2", "r x 1"]]).contains(.readYourWrites))
    #expect(try violations([["w x 1", "r x 1"]]).isEmpty)
    #expect(try violations([["w x 1", "r x 2"], ["w x 2"]]).isEmpty, "a later write by another session may win")
  }

  @Test("Monotonic reads: a session reads x from w, then an older value")
  func monotonicReads() throws {
    #expect(try violations([["w x 1", "w x 2"], ["r x 2", "r x 1"]]).contains(.monotonicReads))
    #expect(try violations([["w x 1"], ["r x 1", "r x -"]]).contains(.monotonicReads))
    #expect(try violations([["w x 1", "w x 2"], ["r x 1", "r x 2"]]).isEmpty)
    #expect(try violations([["w x 1"], ["r x 1", "r x 1"]]).isEmpty, "reading the same write again is fine")
  }

  @Test("Monotonic writes: a reader sees a session's second write, then misses its first")
  func monotonicWrites() throws {
    #expect(try violations([["w x 1", "w y 1"], ["r y 1", "r x -"]]) == [.monotonicWrites])
    #expect(try violations([["w x 1", "w y 1"], ["r y 1", "r x 1"]]).isEmpty)
  }

  @Test("Writes follow reads: a reader sees a write made after its writer read x, then misses that x")
  func writesFollowReads() throws {
    #expect(try violations([["w x 1"], ["r x 1", "w y 1"], ["r y 1", "r x -"]]) == [.writesFollowReads])
    #expect(try violations([["w x 1"], ["r x 1", "w y 1"], ["r y 1", "r x 1"]]).isEmpty)
  }

  @Test("Each violation names its operations")
  func witnesses() throws {
    let history = try histories.history([["w x 1", "w y 1"], ["r y 1", "r x -"]])
    let violation = try #require(SessionGuaranteeChecker().check(history).violations?[.monotonicWrites])
    #expect(violation.operations == [0, 1, 3])
    #expect(violation.explanation.contains("op 3"))
  }

  @Test("Causally consistent histories satisfy every session guarantee (random differentiated histories)")
  func causalImpliesSessions() throws {
    var causal = 0
    for seed in UInt64(0)..<1_500 {
      var next = 0
      var random = RandomHistories(seed: seed)
      let text = random.events(operations: 8, processes: 3) { random in
        let key = ["x", "y"][random.next(2)]
        if random.next(2) == 0 { return ("read", .array([.string(key), .null])) }
        next += 1
        return ("write", .array([.string(key), .int(next)]))
      } makeOutput: { random, f, value in
        guard f == "read", let key = value.arrayValue?.first else { return value }
        return .array([key, random.next(4) == 0 ? .null : .int(max(1, next - random.next(3)))])
      }
      let history = try HistoryReader.parse(text, format: .json)
      let cc = CausalConsistencyChecker().check(history)
      guard cc.cc == true else { continue }
      causal += 1
      let sessions = SessionGuaranteeChecker().check(history)
      #expect(sessions.violations?.isEmpty == true, "seed \(seed): \(sessions.violations ?? [:])\n\(text)")
    }
    #expect(causal > 100)
  }
}
