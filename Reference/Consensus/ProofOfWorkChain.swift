import Simulation

extension ProofOfWork {
  /// Every block a miner has accepted, each with the work of the chain it ends, and the tip of the
  /// chain with the most work: the miner's view of the block tree.
  ///
  /// Fork choice: a block becomes the tip only if its chain has *strictly* more work than the tip's,
  /// so of two chains with equal work the one seen first stays.
  public struct BlockTree: Hashable, Sendable {
    /// Every block, by hash.
    public private(set) var blocks: [BlockHash: Block]
    /// The total work of the chain from the genesis block through each block.
    public private(set) var chainWork: [BlockHash: UInt64]
    /// The end of the best chain.
    public private(set) var tip: BlockHash
    /// The genesis block's hash.
    public let genesis: BlockHash

    /// A tree holding only `genesis`.
    public init(genesis block: Block) {
      blocks = [block.hash: block]
      chainWork = [block.hash: block.work]
      tip = block.hash
      genesis = block.hash
    }

    /// The block with this hash, if known.
    public subscript(hash: BlockHash) -> Block? { blocks[hash] }

    /// Whether the block is known.
    public func contains(_ hash: BlockHash) -> Bool { blocks[hash] != nil }

    /// The last block of the best chain.
    public var tipBlock: Block { blocks[tip]! }

    /// The total work of the best chain.
    public var tipWork: UInt64 { chainWork[tip]! }

    /// The best chain, from the genesis block to the tip.
    public var bestChain: [Block] { chain(endingAt: tip) }

    /// The chain from the genesis block to `hash`, which must be known.
    public func chain(endingAt hash: BlockHash) -> [Block] {
      var chain: [Block] = []
      var cursor = blocks[hash]
      while let block = cursor {
        chain.append(block)
        cursor = block.height == 0 ? nil : blocks[block.parent]
      }
      return chain.reversed()
    }

    /// The ancestor of block `hash` (or the block itself) at `height`.
    public func ancestor(of hash: BlockHash, atHeight height: Int) -> Block? {
      var cursor = blocks[hash]
      while let block = cursor, block.height > height { cursor = blocks[block.parent] }
      return cursor?.height == height ? cursor : nil
    }

    /// The target a child of `parent` must carry: the parent's, except on the first block of a new
    /// window, which gets `retarget` over the window of `retargetWindow` blocks that ends at `parent`.
    public func target(forChildOf parent: Block, parameters: Parameters) -> UInt64 {
      let window = parameters.retargetWindow
      guard parent.height > 0, parent.height % window == 0,
        let first = ancestor(of: parent.hash, atHeight: parent.height - window)
      else { return parent.target }
      return ProofOfWork.retarget(parent.target, span: parent.timestamp - first.timestamp, parameters: parameters)
    }

    /// Adds a block whose parent is known; returns true if it became the tip.
    @discardableResult
    public mutating func add(_ block: Block) -> Bool {
      guard blocks[block.hash] == nil, let parentWork = chainWork[block.parent] else { return false }
      blocks[block.hash] = block
      let work = parentWork &+ block.work
      chainWork[block.hash] = work
      guard work > tipWork else { return false }
      tip = block.hash
      return true
    }

    /// What changes when the best chain moves from `old` to `new`: the blocks that leave it (newest
    /// first) and the blocks that join it (oldest first).
    public func reorganization(from old: BlockHash, to new: BlockHash) -> (removed: [Block], added: [Block]) {
      var removed: [Block] = [], added: [Block] = []
      var a = blocks[old]!, b = blocks[new]!
      while a.hash != b.hash {
        if a.height >= b.height {
          removed.append(a)
          a = blocks[a.parent]!
        } else {
          added.append(b)
          b = blocks[b.parent]!
        }
      }
      return (removed, added.reversed())
    }
  }
}
