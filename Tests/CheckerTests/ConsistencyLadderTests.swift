import Checker
import Testing

@Suite("The consistency ladder")
struct ConsistencyLadderTests {
  static let names = [
    "linearizable", "sequential", "ccv", "cm", "cc", "read-your-writes", "monotonic-reads", "monotonic-writes",
    "writes-follow-reads",
  ]

  @Test("A stale read: not linearizable, sequentially consistent and causal, every session guarantee holds")
  func staleRead() throws {
    let history = try HistoryReader.read(contentsOf: Corpus.directory.appendingPathComponent("register-stale-read.jsonl").path)
    let ladder = try ConsistencyLadder.evaluate(history, model: "register")
    #expect(ladder.rungs.map(\.model) == Self.names)
    let verdicts = Dictionary(uniqueKeysWithValues: ladder.rungs.map { ($0.model, $0.satisfied) })
    #expect(verdicts["linearizable"] == false && verdicts["sequential"] == true && verdicts["cc"] == true && verdicts["ccv"] == true)
    #expect(verdicts["cm"] == true)
    #expect(ladder.summary.hasPrefix("strongest satisfied: sequential; weakest violated: linearizable"))
    #expect(ladder.rungs[0].witness != nil)
  }

  @Test("Models without reads and writes get null with a reason for the causal and session rungs")
  func notApplicable() throws {
    let history = try HistoryReader.read(contentsOf: Corpus.directory.appendingPathComponent("queue-ok.jsonl").path)
    let ladder = try ConsistencyLadder.evaluate(history, model: "queue")
    #expect(ladder.rungs[0].satisfied == true && ladder.rungs[1].satisfied == true)
    for rung in ladder.rungs.dropFirst(2) {
      #expect(rung.satisfied == nil && rung.reason != nil, "\(rung.model)")
    }
    let json = JSONWriter.text(ladder.json)
    #expect(json.contains(#""model":"monotonic-reads","satisfied":null"#))
  }

  @Test("Every rung holds for a linearizable history with distinct writes (the corpus)")
  func linearizableSatisfiesAll() throws {
    for entry in Corpus.entries where entry.verdict == "linearizable" && ["register", "kv"].contains(entry.model) {
      let history = try HistoryReader.read(contentsOf: Corpus.directory.appendingPathComponent(entry.file).path)
      let ladder = try ConsistencyLadder.evaluate(history, model: entry.model)
      for rung in ladder.rungs {
        #expect(rung.satisfied != false, "\(entry.file): \(rung.model) \(rung.witness ?? "")")
      }
    }
  }
}
