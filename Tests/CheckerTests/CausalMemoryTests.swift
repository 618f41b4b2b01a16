@testable import Checker
import Testing

@Suite("Causal memory (CM)")
struct CausalMemoryTests {
  /// Random differentiated histories over two keys, as JSON text.
  func randomHistory(seed: UInt64, operations: Int = 8) -> String {
    var next = 0
    var random = RandomHistories(seed: seed)
    return random.events(
      operations: operations, processes: 3,
      makeInvoke: { random in
        let key = ["x", "y"][random.next(2)]
        if random.next(2) == 0 { return ("read", .array([.string(key), .null])) }
        next += 1
        return ("write", .array([.string(key), .int(next)]))
      },
      makeOutput: { random, f, value in
        guard f == "read", let key = value.arrayValue?.first else { return value }
        return .array([key, random.next(4) == 0 ? .null : .int(max(1, next - random.next(4)))])
      },
      failChance: 0, pendingChance: 0)
  }

  let histories = CausalConsistencyTests()

  @Test("CyclicHB: a session sees 2, then 1, then 2 again — causal (CC) but not causal memory")
  func flipFlop() throws {
    let result = CausalConsistencyChecker().check(try histories.history([["w x 1"], ["r x 2", "r x 1", "r x 2"], ["w x 2"]]))
    #expect(result.cc == true && result.cm == false)
    #expect(result.violations.contains { $0.pattern == .cyclicHB })
    let settled = CausalConsistencyChecker().check(try histories.history([["w x 1"], ["r x 2", "r x 1", "r x 1"], ["w x 2"]]))
    #expect(settled.cc == true && settled.cm == true)
  }

  @Test("WriteHBInitRead: in the session's own view a write of y precedes its read of y's initial value")
  func writeHBInitRead() throws {
    // Session 1 orders write x 1 before write x 2 (its last read); write y 5 precedes write x 1, and
    // write x 2 precedes the session's read of y's initial value.
    let result = CausalConsistencyChecker().check(
      try histories.history([["w y 5", "w x 1"], ["r x 2", "r y -", "r x 1", "r x 2"], ["w x 2"]]))
    #expect(result.cc == true && result.cm == false)
    #expect(result.violations.first { $0.pattern == .writeHBInitRead }?.operations == [0, 3])
    let fine = CausalConsistencyChecker().check(try histories.history([["w y 5", "w x 1"], ["r x 2", "r y -", "r x 2"], ["w x 2"]]))
    #expect(fine.cm == true)
  }

  @Test("Long histories skip CM with a reason instead of taking quadratic time")
  func limit() throws {
    var checker = CausalConsistencyChecker()
    checker.cmLimit = 3
    let result = checker.check(try histories.history([["w x 1"], ["r x 1", "r x 1", "r x 1"]]))
    #expect(result.cc == true && result.cm == nil && result.cmSkipped != nil)
  }

  @Test("Sequentially consistent histories are CM, and CM histories are CC (2,000 random histories)")
  func implications() throws {
    var counts = (sequential: 0, ccNotCM: 0)
    for seed in UInt64(0)..<2_000 {
      let text = randomHistory(seed: seed)
      let history = try HistoryReader.parse(text, format: .json)
      let causal = CausalConsistencyChecker().check(history)
      guard causal.notApplicable == nil else { continue }
      if causal.cm == true { #expect(causal.cc == true, "seed \(seed)") }
      if causal.cc == true && causal.cm == false { counts.ccNotCM += 1 }
      if try ModelCatalog.checkSequentialConsistency(history, model: "kv").verdict == .satisfied {
        counts.sequential += 1
        #expect(causal.cm == true, "sequentially consistent but not CM? seed \(seed): \(causal.violations)\n\(text)")
      }
    }
    #expect(counts.sequential > 100 && counts.ccNotCM > 0, "\(counts)")
  }
}

@Suite("Causal models against their brute-force definitions")
struct CausalBruteForceTests {
  @Test("CC, CCv and CM by bad patterns agree with the definitions on 3,000 random tiny histories")
  func agree() throws {
    var counts = (cc: [0, 0], ccv: [0, 0], cm: [0, 0])
    for seed in UInt64(0)..<3_000 {
      let text = CausalMemoryTests().randomHistory(seed: seed, operations: 6)
      let history = try HistoryReader.parse(text, format: .json)
      guard let brute = BruteForceCausal(history) else { continue }  // cyclic CO: both sides say no
      let fast = CausalConsistencyChecker().check(history)
      #expect(fast.cc == brute.isCC, "CC, seed \(seed): \(fast.violations)\n\(text)")
      #expect(fast.ccv == brute.isCCv, "CCv, seed \(seed): \(fast.violations)\n\(text)")
      #expect(fast.cm == brute.isCM, "CM, seed \(seed): \(fast.violations)\n\(text)")
      counts.cc[brute.isCC ? 1 : 0] += 1
      counts.ccv[brute.isCCv ? 1 : 0] += 1
      counts.cm[brute.isCM ? 1 : 0] += 1
    }
    #expect(counts.cc.allSatisfy { $0 > 100 } && counts.ccv.allSatisfy { $0 > 100 } && counts.cm.allSatisfy { $0 > 100 }, "\(counts)")
  }
}
