import Foundation
import Simulation
import SimulationExamples
import Testing

@Suite("Workload and history")
struct WorkloadHistoryTests {
  func registerRun(
    seed: UInt64 = 1, schedule: String = "", drop: Double = 0, operations: Int = 10, limit: Duration = .seconds(60)
  ) throws -> Simulator<RegisterNode> {
    let replicas: [NodeID] = [1, 2, 3]
    let workload = Workload<RegisterOperation>(clients: [4, 5], operationsPerClient: operations) { client, index, random in
      random.chance(0.5) ? .read : .write(client.rawValue * 100 + index)
    }
    let sim = try Simulator<RegisterNode>(
      nodes: replicas + [4, 5], seed: seed, faults: [.drop(drop), .schedule(try .parse(schedule))], workload: workload
    ) { id in replicas.contains(id) ? .replica(RegisterReplica()) : .client(RegisterClient(replicas: replicas)) }
    sim.runUntilQuiescent(timeLimit: limit)
    return sim
  }

  @Test("Each client invokes its operations one at a time and each completes ok on a healthy network")
  func healthyRun() throws {
    let history = try registerRun().history
    #expect(history.events.count == 40)
    for process in [0, 1] {
      let types = history.events.filter { $0.process == process }.map(\.type)
      #expect(types == Array(repeating: [HistoryEvent.EventType.invoke, .ok], count: 10).flatMap { $0 })
    }
    #expect(history.indeterminateCount == 0)
    #expect(history.events.map(\.index) == Array(0..<40))
  }

  @Test("A client cut off past its timeout gets an info completion and continues as a new process")
  func giveUpRecordsInfo() throws {
    let sim = try registerRun(schedule: "at 100ms isolate n4; at 1500ms heal")
    let n4 = sim.history.events.filter { $0.node == "n4" }
    let info = try #require(n4.firstIndex { $0.type == .info })
    #expect(n4[info].process == 0)
    #expect(n4[info].time - n4[info - 1].time == .seconds(1), "gave up exactly one timeout after invoking")
    #expect(n4[info + 1].type == .invoke && n4[info + 1].process == 2, "process 0 continues as 0 + 2 clients")
    #expect(sim.history.indeterminateCount >= 1)
  }

  @Test("Operations still running when the run stops stay pending: an invoke with no completion")
  func pendingAtEnd() throws {
    let sim = try registerRun(schedule: "at 0ms isolate n1; at 0ms isolate n2", limit: .milliseconds(500))
    #expect(sim.history.events.count == 2)
    #expect(sim.history.events.allSatisfy { $0.type == .invoke })
    #expect(sim.history.indeterminateCount == 2)
  }

  @Test("Every read returns nil or a value some write invoked before the read completed",
    arguments: TestSeeds.values(25))
  func readsReturnWrittenValues(seed: UInt64) throws {
    let sim = try registerRun(seed: seed, schedule: "at 50ms crash n1; at 300ms restart n1", drop: 0.1)
    var written: Set<HistoryValue> = [.null]
    for event in sim.history.events {
      if event.type == .invoke && event.function == "write" { written.insert(event.value) }
      if event.type == .ok && event.function == "read" {
        #expect(written.contains(event.value), "read \(event.value) never written; \(TestSeeds.replay(seed, "WorkloadHistoryTests"))")
      }
    }
    #expect(sim.history.events.count { $0.type == .ok } == 20, TestSeeds.replay(seed, "WorkloadHistoryTests"))
    for type in [HistoryEvent.EventType.invoke, .ok, .fail, .info] {
      #expect(sim.history.count(of: type) == sim.history.events.count { $0.type == type }, "the running count of \(type)")
    }
  }

  @Test("History lines use Jepsen's op schema")
  func jsonLinesSchema() throws {
    let lines = try registerRun(operations: 2).history.jsonLines.split(separator: "\n")
    #expect(lines.count == 8)
    for line in lines {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      #expect(Set(object.keys) == ["index", "type", "process", "f", "value", "time", "node"])
      #expect(["invoke", "ok", "fail", "info"].contains(object["type"] as? String ?? ""))
      #expect(object["process"] is Int && object["time"] is Int)
    }
    #expect(lines[0].hasPrefix(#"{"index":0,"type":"invoke","process":"#))
  }

  @Test("A completion from a node that is not a client is an issue")
  func completionFromNonClient() throws {
    struct Eager: Node {
      typealias Message = Never
      mutating func start(context: inout Context<Eager>) { context.complete(.ok) }
      mutating func receive(_ message: Never, from sender: NodeID, context: inout Context<Eager>) {}
    }
    let sim = try Simulator<Eager>(nodes: [1], seed: 1) { _ in Eager() }
    sim.runUntilQuiescent()
    #expect(sim.issues.map(\.message) == ["n1 completed an operation but is not a workload client"])
  }
}
