import Checker
import Foundation
import Testing

/// One entry of `Traces/histories/manifest.json`.
struct CorpusEntry: Decodable, Sendable, CustomTestStringConvertible {
  var file: String
  var model: String
  var verdict: String
  var note: String
  var testDescription: String { "\(file): \(verdict)" }
}

enum Corpus {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Traces/histories")

  static let entries: [CorpusEntry] = {
    guard let data = try? Data(contentsOf: directory.appendingPathComponent("manifest.json")) else { return [] }
    return (try? JSONDecoder().decode([CorpusEntry].self, from: data)) ?? []
  }()
}

@Suite("History corpus: every example in Traces/histories gets its expected verdict")
struct HistoryCorpusTests {
  @Test("The manifest lists every history file, and there are examples for every model")
  func manifestIsComplete() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Corpus.directory.path)
      .filter { $0 != "manifest.json" && $0 != "README.md" }
    #expect(Set(files) == Set(Corpus.entries.map(\.file)))
    #expect(Set(Corpus.entries.map(\.model)) == Set(ModelCatalog.names))
    for model in ModelCatalog.names where model != "register" {
      let verdicts = Set(Corpus.entries.filter { $0.model == model }.map(\.verdict))
      #expect(verdicts == ["linearizable", "not-linearizable"], "\(model) needs both a passing and a failing example")
    }
  }

  @Test("Verdict matches the manifest", arguments: Corpus.entries)
  func verdict(entry: CorpusEntry) throws {
    let history = try HistoryReader.read(contentsOf: Corpus.directory.appendingPathComponent(entry.file).path)
    let result = try ModelCatalog.checkLinearizability(history, model: entry.model)
    #expect(result.verdict.rawValue == entry.verdict, "\(entry.note)")
    if result.verdict == .notLinearizable {
      let counterexample = try #require(result.counterexample)
      #expect(counterexample.unplaceable != nil, "a violation names the operation that cannot be placed")
    }
  }

  @Test("The guessed model is the manifest's for every example that names its operations unambiguously")
  func guessedModels() throws {
    for entry in Corpus.entries where !["empty.jsonl", "log-ok.jsonl", "log-divergent-reads.jsonl", "set-ok.jsonl", "set-lost-add.jsonl"].contains(entry.file) {
      let history = try HistoryReader.read(contentsOf: Corpus.directory.appendingPathComponent(entry.file).path)
      #expect(ModelCatalog.guessModel(for: history) == entry.model, "\(entry.file)")
    }
  }
}
