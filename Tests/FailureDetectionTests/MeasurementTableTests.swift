import FailureDetection
import Foundation
import Simulation
import Testing
import Workbook

/// Ungraded: the handout's tables. By default it measures every detector at N = 8 under every
/// scenario and checks that each one finds every crash-stop crash; `DISTLAB_FD_SIZES=8,32,128`
/// measures those sizes, and `DISTLAB_FD_SCENARIOS=recovery,partition` picks scenarios (default: all).
@Suite("Lab 02 · The measurement table (ungraded)")
struct MeasurementTableTests {
  /// The scenarios of the handout, each with its title, the table's columns and the scenario for N nodes.
  static var scenarios: [(key: String, title: String, columns: [TableColumn], make: (Int) throws -> Scenario)] { [
    ("reliable", "Crash-stop, reliable network", TableColumn.crashStop, { .crashStop(nodes: $0) }),
    ("loss", "Crash-stop, 10% message loss", TableColumn.crashStop, { .crashStop(nodes: $0, loss: 0.1) }),
    ("recovery", "Crash-recovery: down 1.5 s, then restarted with empty state", TableColumn.crashRecovery,
      { .crashRecovery(nodes: $0) }),
    ("omission", "Omission: n2 loses 30% of the messages it sends", TableColumn.faultyNode, { .omission(nodes: $0) }),
    ("slow", "Slow links: every message to or from n2 takes 50–500 ms", TableColumn.faultyNode, { .slowLinks(nodes: $0) }),
    ("partition", "Partition: first half | second half from 2 s, healed at 3.5 s", TableColumn.partition,
      { try .partition(nodes: $0) }),
  ] }

  @Test("Every detector finds every crash in every scenario; prints the tables", .seeds(1))
  func measurementTable() throws {
    let environment = ProcessInfo.processInfo.environment
    let sizes = (environment["DISTLAB_FD_SIZES"] ?? "8").split(separator: ",").compactMap { Int($0) }
    let chosen = environment["DISTLAB_FD_SCENARIOS"].map { Set($0.split(separator: ",").map(String.init)) }
    var lines = ["seed \(Seeds.current)"]
    for scenario in Self.scenarios where chosen?.contains(scenario.key) ?? true {
      lines += ["", "\(scenario.title):", "", TableColumn.header(scenario.columns)]
      for kind in DetectorKind.allCases {
        for n in sizes {
          let setup = try scenario.make(n)
          let row = try kind.measure(nodes: n, scenario: setup, seed: Seeds.current)
          lines.append(TableColumn.row(row, columns: scenario.columns))
          if !setup.crashes.isEmpty && setup.restarts.isEmpty {
            #expect(row.completeness == 1, "\(kind.rawValue) at N=\(n), \(scenario.title): not every crash was suspected by every live node")
          }
        }
      }
    }
    print(lines.joined(separator: "\n"))
  }
}
