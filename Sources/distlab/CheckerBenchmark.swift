import Checker
import Foundation

/// Measures the linearizability checker on generated histories shaped like the field's public
/// benchmarks: etcd-style CAS registers with many never-answered operations, and 10-key
/// key-value stores with 1, 10 and 50 clients.
struct CheckerBenchmark {
  let seed: UInt64

  func run() throws {
    emit("Checker benchmark, seed \(seed) (release build; one history at a time; parts in parallel on all cores)")
    emit("")
    emit("CAS register, 85 operations, 5 workers, ~30% of writes and cases never answered (20 histories each):")
    emit(row("histories", "verdicts", "median s", "max s", "max states"))
    for corrupt in [false, true] {
      var times: [Double] = []
      var verdicts: [String: Int] = [:]
      var states = 0
      for i in 0..<20 {
        var generator = SyntheticHistories(seed: seed &+ UInt64(i))
        let text = generator.casRegister(operations: 85, workers: 5, pendingFraction: 0.3, corrupt: corrupt)
        let (result, seconds) = try check(text, model: "cas-register", format: .json)
        times.append(seconds)
        verdicts[result.verdict.rawValue, default: 0] += 1
        states = max(states, result.explored)
      }
      emit(row(corrupt ? "one corrupted read" : "as generated", describe(verdicts), format(median(times)), format(times.max()!), "\(states)"))
    }
    emit("")
    emit("Key-value store, 10 keys, get/put/append, EDN input:")
    emit(row("clients", "operations", "verdict", "seconds", "states"))
    for clients in [1, 10, 50] {
      for corrupt in [false, true] {
        var generator = SyntheticHistories(seed: seed)
        let text = generator.keyValue(operations: 2_000, clients: clients, keys: 10, corrupt: corrupt)
        let (result, seconds) = try check(text, model: "kv", format: .edn)
        emit(row("\(clients)", "\(result.operations)", result.verdict.rawValue, format(seconds), "\(result.explored)"))
      }
    }
    emit("")
    emit("Causal consistency (CC, CCv; CM up to 5,000 operations) of differentiated key-value histories, 10 keys, 20 clients, get/put:")
    emit(row("operations", "verdict", "seconds"))
    for operations in [1_000, 5_000, 10_000, 100_000] {
      var generator = SyntheticHistories(seed: seed)
      let text = generator.keyValue(operations: operations, clients: 20, keys: 10, corrupt: false, appends: false)
      let history = try HistoryReader.parse(text, file: "<generated>", format: .edn)
      let clock = ContinuousClock()
      let start = clock.now
      let result = CausalConsistencyChecker().check(history, initial: .string(""))
      let elapsed = clock.now - start
      let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
      func word(_ value: Bool?) -> String { value == nil ? "skipped" : value! ? "holds" : "violated" }
      let verdict = result.notApplicable ?? "CC \(word(result.cc)), CCv \(word(result.ccv)), CM \(word(result.cm))"
      emit(row("\(operations)", verdict, format(seconds)))
    }
    emit("")
    emit("Growth: one CAS register (no keys to split on), 30% of updates never answered:")
    emit(row("operations", "workers", "verdict", "seconds", "states", "peak RSS MiB"))
    for workers in [3, 5, 8] {
      for operations in [100, 200, 400, 800] {
        var generator = SyntheticHistories(seed: seed)
        let text = generator.casRegister(operations: operations, workers: workers, pendingFraction: 0.3, corrupt: false)
        let (result, seconds) = try check(text, model: "cas-register", format: .json, timeLimit: .seconds(30))
        emit(row("\(operations)", "\(workers)", result.verdict.rawValue, format(seconds), "\(result.explored)", String(format: "%.0f", peakMiB())))
        if result.verdict == .unknown { break }
      }
    }
    emit("")
    emit("Largest history checked within 10 s (doubling until a check takes longer or gives up):")
    for (name, clients) in [("kv, 10 keys, 50 clients", 50), ("kv, 10 keys, 10 clients", 10)] {
      var operations = 2_000
      var largest = 0
      var largestSeconds = 0.0
      while operations <= 1_024_000 {
        var generator = SyntheticHistories(seed: seed)
        let text = generator.keyValue(operations: operations, clients: clients, keys: 10, corrupt: false)
        let (result, seconds) = try check(text, model: "kv", format: .edn, timeLimit: .seconds(10))
        if result.verdict != .linearizable || seconds > 10 { break }
        (largest, largestSeconds) = (operations, seconds)
        operations *= 2
      }
      emit("  \(name): \(largest) operations in \(format(largestSeconds)) s")
    }
  }

  /// One generated history, as `--emit` names it.
  func generate(_ kind: String) -> String? {
    var generator = SyntheticHistories(seed: seed)
    let parts = kind.split(separator: "-")
    let corrupt = parts.last == "corrupt"
    switch parts.first {
    case "cas":
      // cas[-OPERATIONS[-WORKERS]][-corrupt]
      let numbers = parts.dropFirst().compactMap { Int($0) }
      return generator.casRegister(
        operations: numbers.first ?? 85, workers: numbers.dropFirst().first ?? 5, pendingFraction: 0.3, corrupt: corrupt)
    case "kv":
      // kv-CLIENTS[-OPERATIONS][-corrupt]
      guard parts.count >= 2, let clients = Int(parts[1]), clients > 0 else { return nil }
      let operations = parts.count > 2 ? Int(parts[2]) ?? 2_000 : 2_000
      return generator.keyValue(operations: operations, clients: clients, keys: 10, corrupt: corrupt)
    default: return nil
    }
  }

  private func check(_ text: String, model: String, format: HistoryFormat, timeLimit: Duration = .seconds(60)) throws
    -> (LinearizabilityResult, Double)
  {
    let history = try HistoryReader.parse(text, file: "<generated>", format: format)
    let clock = ContinuousClock()
    let start = clock.now
    let result = try ModelCatalog.checkLinearizability(history, model: model, timeLimit: timeLimit)
    let elapsed = clock.now - start
    return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
  }

  private func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
  private func format(_ seconds: Double) -> String { String(format: "%.4f", seconds) }
  private func describe(_ verdicts: [String: Int]) -> String {
    verdicts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
  }

  private func peakMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
  }

  private func emit(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

  private func row(_ columns: String...) -> String {
    columns.enumerated().map { i, column in
      let width = i == 0 ? 22 : 28
      return column.count >= width ? column + " " : column.padding(toLength: width, withPad: " ", startingAt: 0)
    }.joined()
  }
}
