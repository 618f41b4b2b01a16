import SimulationExamples

extension NamingScenarios {
  /// Lab 03's comparison scenarios.
  static let comparison: [Example] = []
}
