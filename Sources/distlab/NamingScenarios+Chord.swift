import SimulationExamples

extension NamingScenarios {
  /// Lab 03's chord scenarios.
  static let chord: [Example] = []
}
