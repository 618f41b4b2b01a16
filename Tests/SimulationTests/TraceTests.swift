import Foundation
import Simulation
import SimulationExamples
import Testing

@Suite("Trace: format and causal clocks")
struct TraceTests {
  func registerLog(seed: UInt64, operations: Int = 6) throws -> TraceLog {
    let log = TraceLog()
    var options = ExampleOptions(seed: seed)
    options.trace = log
    options.operationsPerClient = operations
    _ = try ExampleCatalog.register.run(options)
    return log
  }

  @Test("Every line is a JSON object; the header comes first and names the nodes")
  func jsonLines() throws {
    let log = try registerLog(seed: 1)
    let lines = log.jsonLines.split(separator: "\n")
    #expect(lines.count == log.events.count + 1)
    let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    #expect(header["kind"] as? String == "header" && header["format"] as? String == "distlab-trace/1")
    #expect(header["nodes"] as? [String] == ["n1", "n2", "n3", "n4", "n5", "n6"])
    let kinds = Set(TraceEvent.Kind.allCases.map(\.rawValue))
    for line in lines.dropFirst() {
      let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      #expect(kinds.contains(event["kind"] as? String ?? ""))
      #expect(event["index"] is Int && event["time"] is Int)
    }
  }

  @Test("The trace records every kind of event the run produced")
  func kindsRecorded() throws {
    let log = try registerLog(seed: 1, operations: 20)
    let present = Set(log.events.map(\.kind))
    for kind: TraceEvent.Kind in [.start, .send, .deliver, .drop, .timer, .crash, .restart, .partition, .heal, .invoke, .complete] {
      #expect(present.contains(kind), "no \(kind) event")
    }
    let dropReasons = Set(log.events(.drop).compactMap(\.detail))
    #expect(dropReasons.isSuperset(of: ["loss", "partition", "down"]))
  }

  @Test("Clocks respect causality: a delivery's clocks exceed its send's; each node's own entry grows by one",
    arguments: TestSeeds.values(10))
  func causalClocks(seed: UInt64) throws {
    let log = try registerLog(seed: seed)
    let nodes = log.header!.nodes
    var sends: [Int: TraceEvent] = [:]
    var lastOwn = Array(repeating: 0, count: nodes.count)
    for event in log.events where !event.vector.isEmpty {
      let me = nodes.firstIndex(of: event.node!)!
      #expect(event.vector[me] == lastOwn[me] + 1, TestSeeds.replay(seed, "TraceTests"))
      lastOwn[me] = event.vector[me]
      if event.kind == .send { sends[event.message!] = event }
      if event.kind == .deliver {
        let send = try #require(sends[event.message!])
        #expect(event.lamport > send.lamport)
        #expect(zip(send.vector, event.vector).allSatisfy { $0 <= $1 })
        #expect(send.vector != event.vector)
      }
    }
    #expect(sends.count > 100)
  }

  @Test("Concurrent events exist: some pairs are ordered neither way by their vector clocks")
  func concurrency() throws {
    let log = try registerLog(seed: 2)
    let stamped = log.events.filter { !$0.vector.isEmpty }.prefix(200)
    func lessOrEqual(_ a: [Int], _ b: [Int]) -> Bool { zip(a, b).allSatisfy { $0 <= $1 } }
    let concurrentPairs = stamped.indices.flatMap { i in stamped.indices.filter { $0 > i }.map { (i, $0) } }
      .count { !lessOrEqual(stamped[$0].vector, stamped[$1].vector) && !lessOrEqual(stamped[$1].vector, stamped[$0].vector) }
    #expect(concurrentPairs > 0)
  }

  @Test("The file writer streams exactly what the in-memory log encodes")
  func writerMatchesLog() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("distlab-trace-\(UUID()).jsonl").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let writer = try JSONLinesTraceWriter(path: path)
    var options = ExampleOptions(seed: 4)
    options.operationsPerClient = 6
    options.trace = writer
    _ = try ExampleCatalog.register.run(options)
    try writer.finish()
    let written = try String(contentsOfFile: path, encoding: .utf8)
    #expect(written == (try registerLog(seed: 4)).jsonLines)
    #expect(writer.bytesWritten == written.utf8.count)
  }

  @Test("Strings in summaries and details are escaped")
  func escaping() throws {
    struct Chatty: Node {
      typealias Message = Never
      mutating func start(context: inout Context<Chatty>) { context.log("quote \" backslash \\ newline \n tab \t bell \u{7}") }
      mutating func receive(_ message: Never, from sender: NodeID, context: inout Context<Chatty>) {}
    }
    let log = TraceLog()
    let sim = try Simulator<Chatty>(nodes: [1], seed: 1, trace: log) { _ in Chatty() }
    sim.runUntilQuiescent()
    let line = try #require(log.jsonLines.split(separator: "\n").last)
    let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    #expect(event["detail"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{7}")
  }
}
