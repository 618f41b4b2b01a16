import Simulation
import SimulationExamples
import Testing

@Suite("Scenario settings: typed, range-checked, and refused when unknown")
struct ExampleParameterTests {
  static let example = Example(
    name: "demo", summary: "a scenario with two settings", defaultSchedule: "",
    parameters: [ExampleParameter("nodes", "ring size (default 16)"), ExampleParameter("mode", "iterative or recursive")]
  ) { _ in throw ExampleParameterError(field: "never", problem: "not run") }

  @Test("A setting the scenario does not declare is refused, naming it and the ones it takes")
  func unknownSettingIsRefused() {
    #expect(throws: ExampleParameterError(field: "vnodes", problem: "scenario 'demo' has no such setting; it takes nodes, mode")) {
      try Self.example.validate(parameters: ["nodes": "4", "vnodes": "10"])
    }
    #expect(throws: Never.self) { try Self.example.validate(parameters: ["nodes": "4", "mode": "recursive"]) }
  }

  @Test("Values are parsed and range-checked; defaults apply when a setting is absent")
  func valuesAreChecked() throws {
    var options = ExampleOptions(seed: 1)
    #expect(try options.integer("nodes", default: 16, in: 2...4096) == 16)
    options.parameters = ["nodes": "64", "skew": "0.8", "mode": "recursive"]
    #expect(try options.integer("nodes", default: 16, in: 2...4096) == 64)
    #expect(try options.number("skew", default: 0, in: 0...3) == 0.8)
    #expect(try options.text("mode", default: "iterative", allowed: ["iterative", "recursive"]) == "recursive")
    options.parameters = ["nodes": "1", "skew": "lots", "mode": "broadcast"]
    #expect(throws: ExampleParameterError(field: "nodes", problem: "1 is outside 2...4096")) {
      try options.integer("nodes", default: 16, in: 2...4096)
    }
    #expect(throws: ExampleParameterError(field: "skew", problem: "'lots' is not a number")) {
      try options.number("skew", default: 0, in: 0...3)
    }
    #expect(throws: ExampleParameterError(field: "mode", problem: "'broadcast' is not one of iterative, recursive")) {
      try options.text("mode", default: "iterative", allowed: ["iterative", "recursive"])
    }
  }
}
