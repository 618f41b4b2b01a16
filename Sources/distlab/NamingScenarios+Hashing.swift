import SimulationExamples

extension NamingScenarios {
  /// Lab 03's hashing scenarios.
  static let hashing: [Example] = []
}
