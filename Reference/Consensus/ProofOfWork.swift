import Foundation
import Simulation

/// Proof-of-work consensus (Nakamoto, "Bitcoin: A Peer-to-Peer Electronic Cash System", 2008): a
/// toy blockchain whose miners agree on one chain of blocks without knowing who the others are.
///
/// A block names its parent by the parent's hash, so blocks form a tree rooted at the genesis
/// block. A block is valid only if the SHA-256 hash of its header, read as a number, is below the
/// block's *target*: finding one takes, on average, `2^64 / target` attempts with different
/// nonces, and checking one takes a single hash. Every miner extends the chain with the most
/// cumulative *work* (the sum of the expected attempts of its blocks) that it knows; two blocks
/// mined at about the same time fork the chain, and the fork resolves when one branch gets ahead.
/// A transaction is trusted once its block is buried under a few more (its *depth*). Every `K`
/// blocks the target moves so that blocks keep coming about every `blockInterval`.
///
/// Departures from Bitcoin, to keep the toy small: the target is compared with the first 64 bits
/// of the hash (Bitcoin compares all 256); a transaction is an ID with no inputs or signatures; the
/// transactions' digest is one hash of the list, not a Merkle tree; and the retarget window counts
/// `K` intervals, without Bitcoin's off-by-one.
public enum ProofOfWork {
  /// The rules every miner of one network shares.
  public struct Parameters: Hashable, Sendable {
    /// The interval between blocks the difficulty aims for (Bitcoin: 10 minutes).
    public var blockInterval: Duration
    /// How many blocks the difficulty stays fixed for before it is adjusted (Bitcoin: 2016).
    public var retargetWindow: Int
    /// The difficulty of the first blocks, in bits: their target is `2^(64 - bits)`, so a block
    /// takes `2^bits` attempts on average.
    public var initialDifficulty: Int
    /// The most transactions one block holds.
    public var blockCapacity: Int
    /// How often a miner runs a batch of attempts (its hash rate times the tick).
    public var miningTick: Duration

    /// Creates the rules; the defaults are a lab-sized network: a block a second, 256 attempts each.
    public init(
      blockInterval: Duration = .seconds(1), retargetWindow: Int = 12, initialDifficulty: Int = 8,
      blockCapacity: Int = 100, miningTick: Duration = .milliseconds(20)
    ) {
      precondition((1...60).contains(initialDifficulty), "initialDifficulty must lie in 1...60 bits")
      precondition(retargetWindow > 0 && blockCapacity > 0, "retargetWindow and blockCapacity must be positive")
      self.blockInterval = blockInterval
      self.retargetWindow = retargetWindow
      self.initialDifficulty = initialDifficulty
      self.blockCapacity = blockCapacity
      self.miningTick = miningTick
    }

    /// The target of the first blocks.
    public var initialTarget: UInt64 { 1 << UInt64(64 - initialDifficulty) }
  }

  /// The most a retarget may change the target, up or down (Bitcoin's clamp).
  public static let maximumAdjustment: Int64 = 4

  /// The easiest target any block may have.
  public static let easiestTarget: UInt64 = 1 << 62

  /// The expected number of attempts to find a hash below `target`: the work a block proves.
  public static func work(of target: UInt64) -> UInt64 { UInt64.max / max(target, 1) }

  /// The difficulty of `target` in bits: `log2` of the expected attempts.
  public static func difficulty(of target: UInt64) -> Double {
    64 - log2(Double(max(target, 1)))
  }

  /// The first block: the same at every miner, mined by nobody.
  public static func genesis(_ parameters: Parameters) -> Block {
    Block(
      header: Block.Header(
        parent: .zero, transactionsDigest: Block.digest(of: []), height: 0, miner: NodeID(0),
        timestamp: .zero, target: parameters.initialTarget, nonce: 0),
      transactions: [])
  }

  /// The target after a window of `retargetWindow` blocks that took `span`: scaled by
  /// `span / (retargetWindow · blockInterval)`, by at most `maximumAdjustment` either way.
  ///
  /// Blocks that came too fast make the target smaller (harder); too slow, larger (easier).
  public static func retarget(_ target: UInt64, span: Duration, parameters: Parameters) -> UInt64 {
    let expected = parameters.blockInterval.nanosecondCount * Int64(parameters.retargetWindow)
    let clamped = min(max(span.nanosecondCount, expected / maximumAdjustment), expected * maximumAdjustment)
    // target · clamped / expected, in 128 bits: the quotient fits because the ratio is at most 4.
    let product = target.multipliedFullWidth(by: UInt64(clamped))
    let quotient: UInt64
    if product.high >= UInt64(expected) {
      quotient = .max
    } else {
      quotient = UInt64(expected).dividingFullWidth(product).quotient
    }
    return min(max(quotient, 1), easiestTarget)
  }
}
