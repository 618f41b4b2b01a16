import Consensus
import Foundation
import Simulation
import Testing
import Workbook

/// Ungraded: the handout's table of proof of work's throughput, confirmation latency and orphan
/// rate, against a leader-based commit on the same links. Four miners, links of 0.2–2 s, blocks that
/// hold 4 tx per second of block interval (Bitcoin-sized: 2,400 tx per 10 minutes). By default it
/// measures two light rows (10-minute blocks at 0.2 tx/s, 2 s blocks at 2 tx/s) and checks them;
/// `DISTLAB_POW_TABLE=1` measures the handout's rows, 60 blocks each, and prints the table.
@Suite("Lab 07 · Proof of work, measured (ungraded)")
struct ProofOfWorkMeasurementTests {
  static let links = DelayDistribution.uniform(.milliseconds(200), .seconds(2))

  /// One row of the table: what a run of `blocks` blocks at `interval` measured.
  struct Row {
    var interval: Duration, offered: Double, capacity: Int
    var meanInterval: Duration, throughput: Double, orphanRate: Double
    var depth1: (p50: Duration, p95: Duration), depth6: (p50: Duration, p95: Duration)
  }

  static func measure(interval: Duration, offered: Double, blocks: Int, seed: UInt64) throws -> Row {
    let capacity = Int(4 * interval.nanosecondCount / 1_000_000_000)
    let parameters = ProofOfWork.Parameters(
      blockInterval: interval, blockCapacity: capacity, miningTick: interval / 50)
    let perNode = 256 / (Double(interval.nanosecondCount) / 1e9) / 4
    let miners = Array(repeating: ProofOfWorkNetwork.Miner(hashRate: perNode, transactionRate: offered / 4), count: 4)
    let end = interval * blocks
    let sim = try ProofOfWorkNetwork.simulator(
      miners, parameters: parameters, stopsMiningAt: end, delay: links, seed: seed)
    sim.run(until: end + .seconds(30))
    let all = ProofOfWorkNetwork.miners(sim)
    let chain = all[0].bestChain
    let top = chain.count - 1
    try #require(top > 12, "the best chain has \(top) blocks after the genesis; a measurement needs more than 12")
    // Throughput: transactions on the chain over the time it took.
    let throughput = Double(chain.map(\.transactions.count).reduce(0, +)) / (Double(chain[top].timestamp.nanosecondCount) / 1e9)
    // Latency to depth k: from submission until the block k − 1 above the transaction's block.
    var depth1: [Duration] = [], depth6: [Duration] = []
    let cutoff = chain[top - 12].timestamp
    for block in chain where block.height + 5 <= top {
      for tx in block.transactions where tx.createdAt < cutoff {
        depth1.append(block.timestamp - tx.createdAt)
        depth6.append(chain[block.height + 5].timestamp - tx.createdAt)
      }
    }
    let mined = all.map(\.blocksMined).reduce(0, +)
    return Row(
      interval: interval, offered: offered, capacity: capacity,
      meanInterval: (chain[top].timestamp - chain[0].timestamp) / top, throughput: throughput,
      orphanRate: Double(mined - top) / Double(mined),
      depth1: (percentile(depth1, 0.5), percentile(depth1, 0.95)),
      depth6: (percentile(depth6, 0.5), percentile(depth6, 0.95)))
  }

  static func percentile(_ values: [Duration], _ q: Double) -> Duration {
    guard !values.isEmpty else { return .zero }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))]
  }

  /// The commit latency of a leader with three followers on the same links: one round trip to the
  /// second-fastest follower (with the leader, a majority of four), sampled.
  static func leaderCommit(seed: UInt64) -> (p50: Duration, p95: Duration) {
    var random = SimulationRandom(seed: seed)
    let samples = (0..<10_000).map { _ -> Duration in
      let roundTrips = (0..<3).map { _ in links.sample(using: &random) + links.sample(using: &random) }.sorted()
      return .nanoseconds(roundTrips[1])
    }
    return (percentile(samples, 0.5), percentile(samples, 0.95))
  }

  static func text(_ d: Duration) -> String {
    let s = Double(d.nanosecondCount) / 1e9
    return s >= 120 ? String(format: "%.0f min", s / 60) : String(format: "%.1f s", s)
  }

  @Test("Confirmation takes about six block intervals, throughput is capped by block size, short intervals orphan more; prints the table", .seeds(1))
  func measurementTable() throws {
    let full = ProcessInfo.processInfo.environment["DISTLAB_POW_TABLE"] != nil
    let seed = Seeds.current
    let setups: [(interval: Duration, offered: Double)] =
      full
      ? [(.seconds(600), 2), (.seconds(60), 2), (.seconds(60), 8), (.seconds(10), 2), (.seconds(2), 2)]
      : [(.seconds(600), 0.2), (.seconds(2), 2)]
    let rows = try setups.map { try Self.measure(interval: $0.interval, offered: $0.offered, blocks: full ? 60 : 30, seed: seed) }

    let bitcoin = rows[0], short = rows[rows.count - 1]
    let interval = Double(bitcoin.meanInterval.nanosecondCount)
    #expect(bitcoin.throughput <= Double(bitcoin.capacity) / (interval / 1e9) * 1.05, "throughput over the block capacity")
    #expect(abs(bitcoin.throughput / bitcoin.offered - 1) < 0.3, "an unsaturated chain carries what is offered: \(bitcoin.throughput) tx/s")
    let sixDeep = Double(bitcoin.depth6.p50.nanosecondCount) / interval
    #expect(sixDeep > 3 && sixDeep < 10, "depth-6 latency in block intervals: \(sixDeep)")
    #expect(short.orphanRate > bitcoin.orphanRate, "blocks every 2 s over 0.2–2 s links should orphan more than every 10 min")

    let leader = Self.leaderCommit(seed: seed)
    var lines = [
      "seed \(seed); 4 miners, links uniform 0.2–2 s, \(full ? 60 : 30) blocks per row, capacity 4 tx per second of interval",
      "",
      "| block interval | offered tx/s | capacity tx/block | measured interval | throughput tx/s | orphaned | depth 1 p50 | p95 | depth 6 p50 | p95 |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows {
      lines.append(
        "| \(Self.text(row.interval)) | \(row.offered) | \(row.capacity) | \(Self.text(row.meanInterval)) | "
          + String(format: "%.2f", row.throughput) + " | " + String(format: "%.1f%%", 100 * row.orphanRate)
          + " | \(Self.text(row.depth1.p50)) | \(Self.text(row.depth1.p95)) | \(Self.text(row.depth6.p50)) | \(Self.text(row.depth6.p95)) |")
    }
    lines.append("| leader commit, one round trip to a majority | | | | | | \(Self.text(leader.p50)) | \(Self.text(leader.p95)) | | |")
    print(lines.joined(separator: "\n"))
  }
}
