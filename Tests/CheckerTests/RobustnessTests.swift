import Checker
import Foundation
import Testing

@Suite("Robustness: mangled input never crashes the readers or the checkers")
struct RobustnessTests {
  /// Cuts, duplicates and flips bytes of a text, deterministically from `seed`.
  func mangle(_ text: String, seed: UInt64) -> String {
    var random = RandomHistories(seed: seed)
    var bytes = Array(text.utf8)
    for _ in 0..<(1 + random.next(4)) where !bytes.isEmpty {
      let at = random.next(bytes.count)
      switch random.next(4) {
      case 0: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.next(8)))
      case 1: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 1 + random.next(12))], at: at)
      case 2:
        let noise = Array("{}[]\":,\\ \n:0-x".utf8)
        bytes[at] = noise[random.next(noise.count)]
      default: bytes = Array(bytes[..<at])
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  @Test("Every corpus file, mangled 300 ways, either parses and checks or gives a typed error", arguments: Corpus.entries)
  func mangledCorpus(entry: CorpusEntry) throws {
    let original = try String(contentsOf: Corpus.directory.appendingPathComponent(entry.file), encoding: .utf8)
    var parsed = 0
    for seed in UInt64(0)..<300 {
      let text = mangle(original, seed: seed)
      do {
        let history = try HistoryReader.parse(text, file: entry.file)
        parsed += 1
        _ = try? ModelCatalog.checkLinearizability(history, model: entry.model, timeLimit: .seconds(2))
        _ = try? ModelCatalog.checkSequentialConsistency(history, model: entry.model, timeLimit: .seconds(2))
        _ = CausalConsistencyChecker().check(history)
      } catch {
        // A typed error naming the file is the only acceptable failure.
        #expect(error.description.contains(entry.file) || error.description.contains("cannot tell the format"), "seed \(seed): \(error)")
      }
    }
    #expect(original.isEmpty || parsed < 300, "some mangling must be rejected")
  }

  @Test("Mangled message traces either parse or give a typed error; delivery checks never crash")
  func mangledTraces() throws {
    let original = try String(contentsOf: Corpus.directory.deletingLastPathComponent().appendingPathComponent("demo/trace.jsonl"), encoding: .utf8)
    let head = original.split(separator: "\n").prefix(200).joined(separator: "\n")
    for seed in UInt64(0)..<300 {
      if let relation = try? HappensBefore(MessageTrace.parse(mangle(head, seed: seed))) {
        for order in DeliveryOrder.allCases { _ = relation.check(order) }
      }
    }
  }
}
