import Consensus
import Crypto
import Simulation

/// The proof-of-work networks the tests run, and the checks they share. The checks recompute what
/// they need (SHA-256, work, the retarget rule) instead of trusting the miner's own functions.
enum ProofOfWorkNetwork {
  typealias Block = ProofOfWork.Block
  typealias BlockHash = ProofOfWork.BlockHash

  /// One miner's part in a network.
  struct Miner {
    var hashRate: Double
    var startsMiningAt: Duration = .zero
    var transactionRate: Double = 0
  }

  /// A network of `miners.count` nodes (n1, n2, …) that mine until `stopsMiningAt`.
  static func simulator(
    _ miners: [Miner], parameters: ProofOfWork.Parameters = .init(), stopsMiningAt: Duration? = nil,
    delay: DelayDistribution, faults: [Nemesis] = [], seed: UInt64
  ) throws -> Simulator<ProofOfWorkMiner> {
    let nodes = (1...miners.count).map { NodeID($0) }
    return try Simulator<ProofOfWorkMiner>(
      nodes: nodes, seed: seed, network: LinkConditions(delay: delay), faults: faults, label: "pow"
    ) { id in
      let miner = miners[id.rawValue - 1]
      return ProofOfWorkMiner(
        id: id, peers: nodes, parameters: parameters, hashRate: miner.hashRate,
        startsMiningAt: miner.startsMiningAt, stopsMiningAt: stopsMiningAt, transactionRate: miner.transactionRate)
    }
  }

  static func miners(_ sim: Simulator<ProofOfWorkMiner>) -> [ProofOfWorkMiner] {
    sim.nodeIDs.compactMap { sim.node($0) }
  }

  /// What is wrong with `chain` as a chain from the genesis block, or nothing: SHA-256 of each
  /// header, proof of work, parent links, heights, transaction digests and capacity, time order,
  /// the retarget rule, and no transaction twice.
  static func problems(in chain: [Block], parameters: ProofOfWork.Parameters) -> [String] {
    var problems: [String] = []
    guard let genesis = chain.first, genesis.height == 0, genesis.parent == .zero else {
      return ["the chain does not start at a genesis block (height 0, zero parent)"]
    }
    var seen: Set<ProofOfWork.Transaction> = []
    for (i, block) in chain.enumerated() where i > 0 {
      let parent = chain[i - 1]
      let place = "block \(block) at position \(i)"
      if Array(SHA256.hash(data: block.header.bytes)) != block.hash.bytes { problems.append("\(place): hash is not SHA-256 of the header") }
      if block.hash.prefix >= block.target { problems.append("\(place): hash is not below the target") }
      if block.parent != parent.hash { problems.append("\(place): parent is not the previous block") }
      if block.height != i { problems.append("\(place): height \(block.height)") }
      if block.timestamp < parent.timestamp { problems.append("\(place): mined before its parent") }
      if block.transactions.count > parameters.blockCapacity { problems.append("\(place): over capacity") }
      if digest(of: block.transactions) != block.header.transactionsDigest.bytes {
        problems.append("\(place): the header's digest does not cover its transactions")
      }
      for tx in block.transactions where !seen.insert(tx).inserted { problems.append("\(place): \(tx) is on the chain twice") }
      if let expected = expectedTarget(after: Array(chain[...(i - 1)]), parameters: parameters) {
        let ratio = Double(block.target) / expected
        if abs(ratio - 1) > 1e-6 { problems.append("\(place): target \(block.target), expected \(UInt64(expected))") }
      }
      if problems.count > 5 { break }
    }
    return problems
  }

  /// SHA-256 over each transaction's origin and sequence, 8 bytes each, big-endian.
  static func digest(of transactions: [ProofOfWork.Transaction]) -> [UInt8] {
    var bytes: [UInt8] = []
    for tx in transactions {
      for value in [Int64(tx.origin.rawValue), Int64(tx.sequence)] {
        bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: UInt64(bitPattern: value) >> UInt64(8 * $0)) }
      }
    }
    return Array(SHA256.hash(data: bytes))
  }

  /// The target the block after `chain` must have: the last block's, except after every
  /// `retargetWindow` blocks, when it scales by the window's time over its expected time, clamped to ×4.
  static func expectedTarget(after chain: [Block], parameters: ProofOfWork.Parameters) -> Double? {
    let last = chain[chain.count - 1], window = parameters.retargetWindow
    guard last.height > 0, last.height % window == 0 else { return Double(last.target) }
    let span = Double((last.timestamp - chain[last.height - window].timestamp).nanosecondCount)
    let expected = Double((parameters.blockInterval * window).nanosecondCount)
    let scaled = Double(last.target) * min(max(span / expected, 0.25), 4)
    return min(scaled, Double(ProofOfWork.easiestTarget))
  }

  /// The work of a chain: the sum over its blocks of the expected attempts, 2^64 / target.
  static func work(of chain: [Block]) -> Double {
    chain.reduce(0) { $0 + 0x1p64 / Double($1.target) }
  }

  /// The most work of any chain ending at a block in `blocks`.
  static func mostWork(in blocks: [BlockHash: Block]) -> Double {
    var memo: [BlockHash: Double] = [:]
    func work(_ hash: BlockHash) -> Double {
      if let known = memo[hash] { return known }
      guard let block = blocks[hash] else { return 0 }
      var stack = [block]
      while let top = stack.last, top.height > 0, memo[top.parent] == nil, let parent = blocks[top.parent] {
        stack.append(parent)
      }
      for b in stack.reversed() { memo[b.hash] = (b.height == 0 ? 0 : memo[b.parent] ?? 0) + 0x1p64 / Double(b.target) }
      return memo[hash]!
    }
    return blocks.keys.map(work).max() ?? 0
  }

  /// How many blocks (after the genesis block) every chain shares from the start.
  static func commonPrefix(_ chains: [[Block]]) -> Int {
    guard let shortest = chains.map(\.count).min() else { return 0 }
    var height = 0
    while height + 1 < shortest, chains.allSatisfy({ $0[height + 1].hash == chains[0][height + 1].hash }) { height += 1 }
    return height
  }
}
