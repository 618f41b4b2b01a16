import Simulation
import SimulationExamples
import Testing

@Suite("Bad configuration is rejected with a typed error naming the field")
struct ConfigurationErrorTests {
  func build(
    nodes: [NodeID] = [1, 2], network: LinkConditions = .reliable, faults: [Nemesis] = []
  ) throws(SimulationConfigurationError) {
    _ = try Simulator<Flood>(nodes: nodes, seed: 1, network: network, faults: faults) { _ in Flood() }
  }

  @Test("An unknown node in a fault")
  func unknownNode() {
    #expect(throws: SimulationConfigurationError.unknownNode(9, field: "faults[1].entries[0]")) {
      try build(faults: [.drop(0.1), .schedule([.init(at: .seconds(1), .crash(9))])])
    }
    #expect(throws: SimulationConfigurationError.unknownNode(7, field: "faults[0].on")) {
      try build(faults: [.drop(0.1, on: .outgoing(7))])
    }
    #expect(throws: SimulationConfigurationError.unknownNode(5, field: "faults[0]")) {
      try build(faults: [.clock(5, .perfect)])
    }
  }

  @Test("A negative delay")
  func negativeDelay() {
    #expect(throws: SimulationConfigurationError.negativeDuration(.milliseconds(-1), field: "faults[0]")) {
      try build(faults: [.delay(.fixed(.milliseconds(-1)))])
    }
    #expect(throws: SimulationConfigurationError.negativeDuration(.milliseconds(-3), field: "network.delay")) {
      try build(network: LinkConditions(delay: .uniform(.milliseconds(-3), .milliseconds(1))))
    }
    #expect(throws: SimulationConfigurationError.negativeDuration(.seconds(-1), field: "faults[0].entries[0].at")) {
      try build(faults: [.schedule([.init(at: .seconds(-1), .heal)])])
    }
  }

  @Test("A probability outside 0...1")
  func probabilityOutOfRange() {
    #expect(throws: SimulationConfigurationError.probabilityOutOfRange(1.5, field: "faults[0]")) {
      try build(faults: [.drop(1.5)])
    }
    #expect(throws: SimulationConfigurationError.probabilityOutOfRange(-0.1, field: "faults[0]")) {
      try build(faults: [.duplicate(-0.1)])
    }
    #expect(throws: SimulationConfigurationError.probabilityOutOfRange(2, field: "network.reorderProbability")) {
      try build(network: LinkConditions(reorderProbability: 2))
    }
  }

  @Test("Cluster mistakes: no nodes, a node twice, a clock that would stop")
  func clusterMistakes() {
    #expect(throws: SimulationConfigurationError.noNodes) { try build(nodes: []) }
    #expect(throws: SimulationConfigurationError.duplicateNode(2)) { try build(nodes: [1, 2, 2]) }
    #expect(throws: SimulationConfigurationError.invalidDrift(-1, field: "faults[0].drift")) {
      try build(faults: [.clock(1, ClockModel(drift: -1))])
    }
    #expect(throws: SimulationConfigurationError.invalidRange(field: "faults[0]", reason: "upper bound 1ms below lower bound 2ms")) {
      try build(faults: [.delay(.uniform(.milliseconds(2), .milliseconds(1)))])
    }
  }

  @Test("A workload naming a client outside the cluster, or with a non-positive timeout")
  func workloadMistakes() throws {
    func register(_ workload: Workload<RegisterOperation>) throws(SimulationConfigurationError) {
      _ = try Simulator<RegisterNode>(nodes: [1, 2, 3], seed: 1, workload: workload) { _ in .replica(RegisterReplica()) }
    }
    #expect(throws: SimulationConfigurationError.unknownNode(8, field: "workload.clients[1]")) {
      try register(Workload(clients: [3, 8], operationsPerClient: 1) { _, _, _ in .read })
    }
    #expect(throws: SimulationConfigurationError.invalidRange(field: "workload.timeout", reason: "0s is not positive")) {
      try register(Workload(clients: [3], operationsPerClient: 1, timeout: .zero) { _, _, _ in .read })
    }
  }

  @Test("Error messages name the field in words")
  func descriptions() {
    #expect(SimulationConfigurationError.probabilityOutOfRange(1.5, field: "faults[0]").description
      == "faults[0]: probability 1.5 is outside 0...1")
    #expect(SimulationConfigurationError.unknownNode(9, field: "workload.clients[0]").description
      == "workload.clients[0]: node n9 is not in the cluster")
  }

  @Test("Applying a fault to an unknown node at run time throws, and the run is unharmed")
  func runtimeApply() throws {
    let sim = try Simulator<Ticker>(nodes: [1], seed: 1) { _ in Ticker() }
    sim.run(for: .milliseconds(25))
    #expect(throws: SimulationConfigurationError.unknownNode(4, field: "action")) { try sim.apply(.crash(4)) }
    sim.run(for: .milliseconds(10))
    #expect(sim.node(1)?.ticks == 3)
  }
}
