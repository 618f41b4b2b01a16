import SimulationExamples

extension NamingScenarios {
  /// Lab 03's dns scenarios.
  static let dns: [Example] = []
}
