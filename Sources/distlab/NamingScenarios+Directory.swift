import SimulationExamples

extension NamingScenarios {
  /// Lab 03's directory scenarios.
  static let directory: [Example] = []
}
