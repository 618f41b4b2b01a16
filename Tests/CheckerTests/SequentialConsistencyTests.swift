@testable import Checker
import Testing

/// Sequential consistency by brute force: try every interleaving of the processes' programs.
struct BruteForceSequentialChecker<M: Model> {
  let model: M

  func isSequentiallyConsistent(_ history: History) throws -> Bool {
    var programs: [Int: [(input: M.Input, output: M.Output?, pending: Bool)]] = [:]
    for op in history.operations {
      guard let (input, output) = try model.prepare(op) else { continue }
      if output == nil && model.isReadOnly(input) { continue }
      programs[op.process, default: []].append((input, output, op.status == .pending))
    }
    let lists = Array(programs.values)
    let whole = WholeHistory(model: model)
    var positions = Array(repeating: 0, count: lists.count)
    func search(_ state: WholeHistory<M>.State) -> Bool {
      if lists.indices.allSatisfy({ positions[$0] == lists[$0].count || lists[$0][positions[$0]].pending }) { return true }
      for p in lists.indices where positions[p] < lists[p].count {
        let op = lists[p][positions[p]]
        guard let next = whole.step(state, op.input, op.output) else { continue }
        positions[p] += 1
        if search(next) { return true }
        positions[p] -= 1
      }
      return false
    }
    return search(whole.initialState)
  }
}

@Suite("Sequential consistency")
struct SequentialConsistencyTests {
  @Test("A stale read is sequentially consistent though not linearizable")
  func staleReadIsSequential() throws {
    let history = try HistoryReader.read(contentsOf: Corpus.directory.appendingPathComponent("register-stale-read.jsonl").path)
    #expect(try ModelCatalog.checkLinearizability(history, model: "register").verdict == .notLinearizable)
    #expect(try ModelCatalog.checkSequentialConsistency(history, model: "register").verdict == .satisfied)
  }

  @Test("Store buffering (each process misses the other's write) is not sequentially consistent, across keys")
  func storeBuffering() throws {
    let text = """
      {"type":"invoke","process":0,"f":"put","key":"x","value":"1"}
      {"type":"invoke","process":1,"f":"put","key":"y","value":"1"}
      {"type":"ok","process":0,"f":"put","key":"x","value":"1"}
      {"type":"ok","process":1,"f":"put","key":"y","value":"1"}
      {"type":"invoke","process":0,"f":"get","key":"y","value":null}
      {"type":"invoke","process":1,"f":"get","key":"x","value":null}
      {"type":"ok","process":0,"f":"get","key":"y","value":""}
      {"type":"ok","process":1,"f":"get","key":"x","value":""}
      """
    let history = try HistoryReader.parse(text)
    let result = try ModelCatalog.checkSequentialConsistency(history, model: "kv")
    #expect(result.verdict == .violated)
    #expect(result.furthest.count == 3 && result.blocked.count == 1)
    #expect(result.text(for: history).contains("NOT sequentially consistent"))
    // Each key on its own is fine: sequential consistency is not compositional.
    let perKey = try ModelCatalog.checkLinearizability(history, model: "kv")
    #expect(perKey.verdict == .notLinearizable)
  }

  @Test("A pending write may or may not have taken effect")
  func pendingWrite() throws {
    let seen = try HistoryReader.parse(
      """
      {"type":"invoke","process":0,"f":"write","value":5}
      {"type":"invoke","process":1,"f":"read","value":null}
      {"type":"ok","process":1,"f":"read","value":5}
      """)
    #expect(try ModelCatalog.checkSequentialConsistency(seen, model: "register").verdict == .satisfied)
    let neverWritten = try HistoryReader.parse(
      """
      {"type":"invoke","process":1,"f":"read","value":null}
      {"type":"ok","process":1,"f":"read","value":6}
      """)
    #expect(try ModelCatalog.checkSequentialConsistency(neverWritten, model: "register").verdict == .violated)
  }

  @Test("The search agrees with brute force on 2,000 random cas-register histories, and every linearizable one is sequentially consistent")
  func agreesWithBruteForce() throws {
    var counts = (satisfied: 0, violated: 0, linearizable: 0)
    for seed in UInt64(0)..<2_000 {
      var random = RandomHistories(seed: seed)
      let text = random.events(operations: 7, processes: 3) { random in
        switch random.next(3) {
        case 0: ("read", .null)
        case 1: ("write", .int(random.next(2)))
        default: ("cas", .array([.int(random.next(2)), .int(random.next(2))]))
        }
      } makeOutput: { random, f, value in
        f == "read" ? (random.next(3) == 0 ? .null : .int(random.next(2))) : value
      }
      let history = try HistoryReader.parse(text, format: .json)
      let expected = try BruteForceSequentialChecker(model: CASRegisterModel()).isSequentiallyConsistent(history)
      let result = try SequentialConsistencyChecker(model: CASRegisterModel()).check(history)
      #expect(result.verdict == (expected ? .satisfied : .violated), "seed \(seed)\n\(text)")
      if expected { counts.satisfied += 1 } else { counts.violated += 1 }
      if try LinearizabilityChecker(model: CASRegisterModel()).check(history).verdict == .linearizable {
        counts.linearizable += 1
        #expect(result.verdict == .satisfied, "linearizable but not sequential? seed \(seed)\n\(text)")
      }
    }
    #expect(counts.satisfied > 200 && counts.violated > 200 && counts.linearizable > 100, "\(counts)")
  }

  @Test("A budget too small ends in unknown with a reason")
  func budget() throws {
    var lines: [String] = []
    for p in 0..<6 {
      lines.append(#"{"type":"invoke","process":\#(p),"f":"write","value":\#(p % 3)}"#)
      lines.append(#"{"type":"ok","process":\#(p),"f":"write","value":\#(p % 3)}"#)
      lines.append(#"{"type":"invoke","process":\#(p),"f":"read","value":null}"#)
      lines.append(#"{"type":"ok","process":\#(p),"f":"read","value":9}"#)
    }
    let history = try HistoryReader.parse(lines.joined(separator: "\n"))
    let result = try ModelCatalog.checkSequentialConsistency(history, model: "register", maxStates: 5)
    #expect(result.verdict == .unknown)
    #expect(result.unknownReason?.contains("state limit") == true)
  }
}
