import SimulationExamples

/// Lab 03's scenarios for `distlab simulate`: DNS resolution, consistent hashing, Chord, the
/// attribute directory, and DNS against the DHT. Each part keeps its own in its own file.
enum NamingScenarios {
  static var all: [Example] { dns + hashing + chord + directory + comparison }
}
