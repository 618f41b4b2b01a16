@testable import Checker
import Testing

@Suite("WGL agrees with a brute-force reference on random small histories")
struct ReferenceComparisonTests {
  func compare<M: Model>(
    _ model: M, seeds: Range<UInt64>, operations: Int, processes: Int = 3,
    invoke: @escaping (inout RandomHistories) -> (String, Value),
    output: @escaping (inout RandomHistories, String, Value) -> Value
  ) throws -> (linearizable: Int, violations: Int) {
    var counts = (linearizable: 0, violations: 0)
    for seed in seeds {
      var random = RandomHistories(seed: seed)
      let text = random.events(operations: operations, processes: processes, makeInvoke: invoke, makeOutput: output)
      let history = try HistoryReader.parse(text, format: .json)
      let expected = try BruteForceChecker(model: model).isLinearizable(history)
      let result = try LinearizabilityChecker(model: model).check(history)
      #expect(
        result.verdict == (expected ? .linearizable : .notLinearizable),
        "seed \(seed): brute force says \(expected); replay: DISTLAB_SEED=\(seed) swift test --filter ReferenceComparisonTests\n\(text)")
      if expected { counts.linearizable += 1 } else { counts.violations += 1 }
      if result.verdict == .notLinearizable, let counterexample = result.counterexample {
        // The reported prefix must itself fail, and dropping its last completion must not.
        #expect(counterexample.unplaceable != nil, "seed \(seed)")
      }
    }
    return counts
  }

  @Test("register: 2,000 histories of up to 7 operations")
  func register() throws {
    let counts = try compare(RegisterModel(), seeds: 0..<2_000, operations: 7) { random in
      random.next(2) == 0 ? ("read", .null) : ("write", .int(random.next(3)))
    } output: { random, f, value in
      f == "read" ? (random.next(4) == 0 ? .null : .int(random.next(3))) : value
    }
    #expect(counts.linearizable > 200 && counts.violations > 200, "both verdicts must be exercised: \(counts)")
  }

  @Test("register with distinct written values (decided by zones, not search): 3,000 histories of up to 8 operations")
  func registerZones() throws {
    var next = 1
    let counts = try compare(RegisterModel(), seeds: 10_000..<13_000, operations: 8, processes: 4) { random in
      if random.next(2) == 0 { return ("read", .null) }
      next += 1
      return ("write", .int(next))
    } output: { random, f, value in
      // Reads return a recent or an older value (or the initial null) so that both verdicts occur.
      f == "read" ? (random.next(5) == 0 ? .null : .int(max(2, next - random.next(3)))) : value
    }
    #expect(counts.linearizable > 300 && counts.violations > 300, "both verdicts must be exercised: \(counts)")
  }

  @Test("Register zones decide the parts they apply to, and agree with the search")
  func zonesAgreeWithSearch() throws {
    var next = 1
    var decided = (linearizable: 0, violations: 0)
    for seed in UInt64(0)..<500 {
      var random = RandomHistories(seed: seed)
      let text = random.events(operations: 10, processes: 4) { random in
        if random.next(2) == 0 { return ("read", .null) }
        next += 1
        return ("write", .int(next))
      } makeOutput: { random, f, value in
        f == "read" ? .int(max(2, next - random.next(3))) : value
      }
      let history = try HistoryReader.parse(text, format: .json)
      let checker = LinearizabilityChecker(model: RegisterModel())
      let parts = try checker.prepare(history)
      guard let part = parts.first, let zones = checker.decideByZones(part) else { continue }
      let searched = checker.search(part.operations, deadline: nil, shouldStop: { false })
      switch (zones, searched) {
      case (.linearizable, .linearizable): decided.linearizable += 1
      case (.violation, .violation): decided.violations += 1
      default: Issue.record("seed \(seed): zones and search disagree\n\(text)")
      }
    }
    #expect(decided.linearizable > 50 && decided.violations > 50, "zones must decide both ways: \(decided)")
  }

  @Test("cas-register: 2,000 histories of up to 7 operations")
  func casRegister() throws {
    let counts = try compare(CASRegisterModel(), seeds: 0..<2_000, operations: 7) { random in
      switch random.next(3) {
      case 0: ("read", .null)
      case 1: ("write", .int(random.next(2)))
      default: ("cas", .array([.int(random.next(2)), .int(random.next(2))]))
      }
    } output: { random, f, value in
      f == "read" ? (random.next(3) == 0 ? .null : .int(random.next(2))) : value
    }
    #expect(counts.linearizable > 200 && counts.violations > 200, "both verdicts must be exercised: \(counts)")
  }

  @Test("queue: 1,000 histories of up to 6 operations")
  func queue() throws {
    let counts = try compare(QueueModel(), seeds: 0..<1_000, operations: 6) { random in
      random.next(2) == 0 ? ("enqueue", .int(random.next(3))) : ("dequeue", .null)
    } output: { random, f, value in
      f == "dequeue" ? (random.next(4) == 0 ? .null : .int(random.next(3))) : value
    }
    #expect(counts.linearizable > 100 && counts.violations > 100, "both verdicts must be exercised: \(counts)")
  }

  @Test("counter: 1,000 histories of up to 7 operations")
  func counter() throws {
    let counts = try compare(CounterModel(), seeds: 0..<1_000, operations: 7) { random in
      random.next(2) == 0 ? ("read", .null) : ("add", .int(1 + random.next(2)))
    } output: { random, f, value in
      f == "read" ? .int(random.next(5)) : value
    }
    #expect(counts.linearizable > 100 && counts.violations > 100, "both verdicts must be exercised: \(counts)")
  }
}

@Suite("Partitioning")
struct PartitionTests {
  /// The kv model without its split by key: the whole history is one part.
  struct UnsplitKeyValueModel: Model {
    let inner = KeyValueModel()
    static let name = "kv-unsplit"
    var initialState: [String: String] { [:] }
    func prepare(_ operation: Operation) throws(OperationError) -> (input: KeyValueModel.Input, output: String?)? {
      try inner.prepare(operation)
    }
    func step(_ state: [String: String], _ input: KeyValueModel.Input, _ output: String?) -> [String: String]? {
      let key = inner.partition(input)!
      let current = state[key.description] ?? ""
      guard let next = inner.step(current, input, output) else { return nil }
      var result = state
      result[key.description] = next
      return result
    }
    func isReadOnly(_ input: KeyValueModel.Input) -> Bool { inner.isReadOnly(input) }
  }

  @Test("Checking key by key gives the same verdict as checking the whole history", arguments: 0..<300)
  func partitionedAgreesWithWhole(seed: UInt64) throws {
    var random = RandomHistories(seed: seed)
    let text = random.events(operations: 8, processes: 3) { random in
      let key = ["x", "y"][random.next(2)]
      switch random.next(3) {
      case 0: return ("get", .array([.string(key), .null]))
      case 1: return ("put", .array([.string(key), .string(String(random.next(2)))]))
      default: return ("append", .array([.string(key), .string(String(random.next(2)))]))
      }
    } makeOutput: { random, f, value in
      guard f == "get", let key = value.arrayValue?.first else { return value }
      return .array([key, .string(["", "0", "1", "01", "10"][random.next(5)])])
    }
    let history = try HistoryReader.parse(text, format: .json)
    let split = try LinearizabilityChecker(model: KeyValueModel()).check(history)
    let whole = try LinearizabilityChecker(model: UnsplitKeyValueModel()).check(history)
    #expect(split.verdict == whole.verdict, "seed \(seed)\n\(text)")
    #expect(whole.parts <= 1)
  }
}
