import FailureDetection
import Foundation
import Simulation
import Testing
import Workbook

/// Ungraded: the handout's table. By default it measures every detector at N = 8 and checks that
/// each one finds every crash; `DISTLAB_FD_SIZES=8,32,128` measures those sizes and prints the table.
@Suite("Lab 02 · The measurement table (ungraded)")
struct MeasurementTableTests {
  @Test("Every detector finds every crash; prints the table of completeness, accuracy, detection time and load", .seeds(1))
  func measurementTable() throws {
    let sizes = (ProcessInfo.processInfo.environment["DISTLAB_FD_SIZES"] ?? "8").split(separator: ",").compactMap { Int($0) }
    var lines = ["seed \(Seeds.current)"]
    for (title, loss) in [("reliable network", 0.0), ("10% message loss", 0.1)] {
      lines += ["", "Crash-stop, \(title):", "", Measurement.tableHeader]
      for kind in DetectorKind.allCases {
        for n in sizes {
          let row = try kind.measure(nodes: n, scenario: .crashStop(nodes: n, loss: loss), seed: Seeds.current)
          lines.append(row.description)
          #expect(row.completeness == 1, "\(kind.rawValue) at N=\(n), \(title): not every crash was suspected by every live node")
        }
      }
    }
    print(lines.joined(separator: "\n"))
  }
}
