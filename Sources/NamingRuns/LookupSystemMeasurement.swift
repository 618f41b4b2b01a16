/// One lookup service measured on the workload part 5 compares DNS and the DHT on: the same number
/// of names, the same count of lookups drawn with the same Zipf skew, on the simulator.
public struct LookupSystemMeasurement: Sendable, Equatable {
  /// What was measured, e.g. `DNS, resolver cache` or `Chord`.
  public var system: String
  /// Servers taking part (DNS: root, TLD and zone servers, plus resolvers; Chord: ring nodes).
  public var servers: Int
  /// Lookups measured.
  public var lookups: Int
  /// Mean servers a lookup's request visits (hops), and the 99th percentile.
  public var meanHops: Double
  public var p99Hops: Double
  /// Mean and 99th-percentile time from asking to the answer.
  public var meanLatency: Duration
  public var p99Latency: Duration
  /// The share of all lookup messages that the busiest server received (1/servers when even).
  public var busiestServerShare: Double
  /// Which server that was, by name (`n1`, `root`).
  public var busiestServer: String
  /// Routing entries held by the largest and by the mean server (DNS: delegations and records of
  /// the zones it serves, plus cache entries on resolvers; Chord: distinct fingers plus successors
  /// plus predecessor).
  public var maxStatePerServer: Int
  public var meanStatePerServer: Double
  /// Fraction of lookups that got no answer or a wrong one, issued right after the busiest server
  /// crashed (before any repair), and the same once the system had time to repair (DNS: caches
  /// and secondaries as they are; Chord: after stabilization).
  public var failedAfterBusiestCrash: Double
  public var failedAfterRepair: Double

  /// Creates a measurement.
  public init(
    system: String, servers: Int, lookups: Int, meanHops: Double, p99Hops: Double, meanLatency: Duration,
    p99Latency: Duration, busiestServerShare: Double, busiestServer: String, maxStatePerServer: Int,
    meanStatePerServer: Double, failedAfterBusiestCrash: Double, failedAfterRepair: Double
  ) {
    self.system = system
    self.servers = servers
    self.lookups = lookups
    self.meanHops = meanHops
    self.p99Hops = p99Hops
    self.meanLatency = meanLatency
    self.p99Latency = p99Latency
    self.busiestServerShare = busiestServerShare
    self.busiestServer = busiestServer
    self.maxStatePerServer = maxStatePerServer
    self.meanStatePerServer = meanStatePerServer
    self.failedAfterBusiestCrash = failedAfterBusiestCrash
    self.failedAfterRepair = failedAfterRepair
  }
}

/// The workload part 5 runs on both systems: `names` distinct names, `lookups` lookups whose
/// names follow a Zipf law of exponent `skew` (rank 1 most popular), issued by `clients` clients.
public struct ComparisonWorkload: Sendable, Equatable {
  public var names = 1000
  public var lookups = 2000
  public var skew = 0.9
  public var clients = 4
  public var seed: UInt64 = 1

  /// The default workload with this seed.
  public init(seed: UInt64 = 1) { self.seed = seed }
}
