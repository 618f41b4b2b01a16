import Foundation
import Simulation

/// A node of a proof-of-work network: it mines on the tip of its best chain, gossips blocks and
/// transactions, and switches chains when it learns of one with more work (see `ProofOfWork`).
///
/// Mining is real hashing paced in virtual time: every `miningTick` the miner makes
/// `hashRate · miningTick` attempts, each a SHA-256 hash of a block header with the next nonce, and
/// announces the block if a hash falls below the target. A block whose parent is unknown is held
/// while the parent is fetched from the peer that sent it. Transactions that leave the best chain
/// in a reorganization go back to the pool and are announced again.
public struct ProofOfWorkMiner: Node {
  public typealias Block = ProofOfWork.Block
  public typealias BlockHash = ProofOfWork.BlockHash
  public typealias Transaction = ProofOfWork.Transaction

  /// The protocol's messages.
  public enum Message: Hashable, Sendable, CustomStringConvertible {
    /// A block: newly mined, forwarded, or the answer to `getBlock`.
    case block(Block)
    /// A request for a block the sender is missing (the parent of one it received).
    case getBlock(BlockHash)
    /// A transaction to include in a block.
    case transaction(Transaction)

    public var description: String {
      switch self {
      case .block(let b): "block(\(b), \(b.transactions.count) tx)"
      case .getBlock(let h): "getBlock(\(h))"
      case .transaction(let tx): "transaction(\(tx))"
      }
    }
  }

  /// The miner's timers.
  public enum Timer: Hashable, Sendable {
    /// Make the next batch of attempts.
    case mine
    /// A client submits a transaction here.
    case submitTransaction
  }

  public let id: NodeID
  /// The other nodes, sorted.
  public let peers: [NodeID]
  public let parameters: ProofOfWork.Parameters
  /// Attempts per second of virtual time.
  public let hashRate: Double
  /// When this miner starts mining, and stops (nil: never); it relays blocks and transactions all along.
  public let startsMiningAt: Duration
  public let stopsMiningAt: Duration?
  /// Transactions submitted to this node per second (a Poisson process); 0 for none.
  public let transactionRate: Double

  // MARK: - State

  /// Every block this miner has accepted, and its best chain.
  public private(set) var tree: ProofOfWork.BlockTree
  /// Transactions known and not on the best chain, which the next block may include.
  public private(set) var pool: Set<Transaction> = []
  /// Transactions on the best chain.
  public private(set) var confirmed: Set<Transaction> = []
  /// Every transaction seen, so that each is relayed once.
  private var seen: Set<Transaction> = []
  /// Blocks waiting for their parent, by the parent's hash.
  private var waiting: [BlockHash: [Block]] = [:]
  /// The block being mined: its header (with the last nonce tried) and transactions; nil when the
  /// tip changed or the pool has transactions it could hold.
  private var candidate: Candidate?
  /// Attempts owed but not made (the fractional part of `hashRate · miningTick`).
  private var credit = 0.0
  private var submitted = 0

  /// Hashes computed so far.
  public private(set) var hashesTried = 0
  /// Blocks this miner found.
  public private(set) var blocksMined = 0

  /// Creates a miner of the network `peers` (which may include `id`).
  public init(
    id: NodeID, peers: [NodeID], parameters: ProofOfWork.Parameters = .init(), hashRate: Double,
    startsMiningAt: Duration = .zero, stopsMiningAt: Duration? = nil, transactionRate: Double = 0
  ) {
    self.id = id
    self.peers = peers.filter { $0 != id }.sorted()
    self.parameters = parameters
    self.hashRate = hashRate
    self.startsMiningAt = startsMiningAt
    self.stopsMiningAt = stopsMiningAt
    self.transactionRate = transactionRate
    self.tree = ProofOfWork.BlockTree(genesis: ProofOfWork.genesis(parameters))
  }

  // MARK: - Observation

  /// The best chain, from the genesis block to the tip.
  public var bestChain: [Block] { tree.bestChain }

  /// Known blocks that are not on the best chain (orphaned, or on a branch not yet ahead).
  public var offChainBlocks: [Block] {
    let onChain = Set(bestChain.map(\.hash))
    return tree.blocks.values.filter { !onChain.contains($0.hash) }.sorted { ($0.height, $0.timestamp) < ($1.height, $1.timestamp) }
  }

  // MARK: - Handlers

  public mutating func start(context: inout Context<Self>) {
    if hashRate > 0 { context.setTimer(.mine, after: startsMiningAt) }
    if transactionRate > 0 { scheduleSubmission(context: &context) }
  }

  public mutating func timerFired(_ timer: Timer, context: inout Context<Self>) {
    switch timer {
    case .mine:
      if let stop = stopsMiningAt, context.now >= stop { return }
      mineBatch(context: &context)
      context.setTimer(.mine, after: parameters.miningTick)
    case .submitTransaction:
      let tx = Transaction(origin: id, sequence: submitted, createdAt: context.now)
      submitted += 1
      learn(tx, from: nil, context: &context)
      scheduleSubmission(context: &context)
    }
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<Self>) {
    switch message {
    case .transaction(let tx):
      learn(tx, from: sender, context: &context)
    case .getBlock(let hash):
      if let block = tree[hash] { context.send(.block(block), to: sender) }
    case .block(let block):
      guard !tree.contains(block.hash), block.meetsTarget, block.hash == block.header.hash else { return }
      guard tree.contains(block.parent) else {
        // Hold it, and ask the sender for the parent (which it has, since it accepted this block).
        waiting[block.parent, default: []].append(block)
        context.send(.getBlock(block.parent), to: sender)
        return
      }
      let oldTip = tree.tip
      accept(block, from: sender, context: &context)
      if tree.tip != oldTip { switchChain(from: oldTip, context: &context) }
    }
  }

  // MARK: - Mining

  /// Makes this tick's attempts on the candidate block; a block found is added and announced, and
  /// the rest of the attempts go to the next candidate.
  private mutating func mineBatch(context: inout Context<Self>) {
    credit += hashRate * parameters.miningTick.inSeconds
    var attempts = Int(credit)
    credit -= Double(attempts)
    while attempts > 0 {
      if candidate == nil { candidate = makeCandidate(context: &context) }
      var header = candidate!.header
      header.timestamp = context.now
      var found = false
      while attempts > 0 && !found {
        attempts -= 1
        header.nonce &+= 1
        hashesTried += 1
        found = header.hash.prefix < header.target
      }
      candidate!.header.nonce = header.nonce
      guard found else { return }
      let block = Block(header: header, transactions: candidate!.transactions)
      blocksMined += 1
      context.log("mined \(block)")
      let oldTip = tree.tip
      accept(block, from: nil, context: &context)
      switchChain(from: oldTip, context: &context)
    }
  }

  /// A new block on the tip, holding the oldest pooled transactions; the nonces start at a random
  /// point, so that miners do not all try the same ones.
  private func makeCandidate(context: inout Context<Self>) -> Candidate {
    let tip = tree.tipBlock
    let transactions = Array(pool.sorted().prefix(parameters.blockCapacity))
    let header = Block.Header(
      parent: tip.hash, transactionsDigest: Block.digest(of: transactions), height: tip.height + 1, miner: id,
      timestamp: tip.timestamp, target: tree.target(forChildOf: tip, parameters: parameters),
      nonce: context.random.next())
    return Candidate(header: header, transactions: transactions)
  }

  // MARK: - Blocks

  /// Validates `block` (whose parent is known) and adds it, relays it, then does the same for the
  /// blocks that were waiting for it.
  private mutating func accept(_ first: Block, from sender: NodeID?, context: inout Context<Self>) {
    var ready = [(first, sender)]
    while let (block, from) = ready.popLast() {
      guard !tree.contains(block.hash) else { continue }
      guard isValid(block) else {
        context.log("rejected \(block)")
        continue
      }
      tree.add(block)
      for tx in block.transactions where seen.insert(tx).inserted { pool.insert(tx) }
      context.broadcast(.block(block), to: peers.filter { $0 != from })
      for child in waiting.removeValue(forKey: block.hash) ?? [] { ready.append((child, from)) }
    }
  }

  /// The checks a block must pass against its parent: height, target, time, digest, proof of work.
  private func isValid(_ block: Block) -> Bool {
    guard let parent = tree[block.parent] else { return false }
    return block.height == parent.height + 1
      && block.target == tree.target(forChildOf: parent, parameters: parameters)
      && block.timestamp >= parent.timestamp
      && block.transactions.count <= parameters.blockCapacity
      && block.header.transactionsDigest == Block.digest(of: block.transactions)
      && block.meetsTarget
  }

  /// After the tip moved: transactions of blocks that left the best chain return to the pool (and
  /// are announced again), those of blocks that joined leave it, and mining starts on the new tip.
  private mutating func switchChain(from oldTip: BlockHash, context: inout Context<Self>) {
    let (removed, added) = tree.reorganization(from: oldTip, to: tree.tip)
    for block in removed {
      for tx in block.transactions {
        confirmed.remove(tx)
        pool.insert(tx)
      }
    }
    for block in added {
      for tx in block.transactions {
        confirmed.insert(tx)
        pool.remove(tx)
      }
    }
    if !removed.isEmpty {
      context.log("reorganized: \(removed.count) block(s) off the best chain, \(added.count) on")
      let returned = Set(removed.flatMap(\.transactions)).subtracting(confirmed)
      for tx in returned.sorted() { context.broadcast(.transaction(tx), to: peers) }
    }
    candidate = nil
  }

  // MARK: - Transactions

  /// Pools and relays a transaction the first time it is seen.
  private mutating func learn(_ tx: Transaction, from sender: NodeID?, context: inout Context<Self>) {
    guard seen.insert(tx).inserted else { return }
    if !confirmed.contains(tx) {
      pool.insert(tx)
      if let candidate, candidate.transactions.count < parameters.blockCapacity { self.candidate = nil }
    }
    context.broadcast(.transaction(tx), to: peers.filter { $0 != sender })
  }

  private mutating func scheduleSubmission(context: inout Context<Self>) {
    // Exponential gaps: -ln(1 - u) / rate.
    let gap = -log1p(-context.random.nextUnitInterval()) / transactionRate
    context.setTimer(.submitTransaction, after: .nanoseconds(Int64(gap * 1e9)))
  }
}

extension ProofOfWorkMiner {
  /// A block being mined: the header, with the last nonce tried, and the transactions it holds.
  struct Candidate: Hashable, Sendable {
    var header: Block.Header
    var transactions: [Transaction]
  }
}

extension Duration {
  /// The duration in seconds, as a floating-point number.
  fileprivate var inSeconds: Double { Double(nanosecondCount) / 1e9 }
}
