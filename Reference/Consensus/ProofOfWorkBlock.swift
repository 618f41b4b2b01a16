import Crypto
import Simulation

extension ProofOfWork {
  /// A SHA-256 hash, as four 64-bit words in big-endian order (the first word is the hash's first 8 bytes).
  public struct BlockHash: Hashable, Sendable, CustomStringConvertible {
    public var words: (UInt64, UInt64, UInt64, UInt64)

    /// The all-zero hash: the genesis block's parent.
    public static let zero = BlockHash(words: (0, 0, 0, 0))

    public init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// The SHA-256 hash of `bytes`.
    public init(sha256Of bytes: UnsafeRawBufferPointer) {
      let digest = SHA256.hash(data: bytes)
      words = digest.withUnsafeBytes { raw in
        (
          UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
          UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
          UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
          UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        )
      }
    }

    /// The first 64 bits, as a number: what the target is compared with.
    public var prefix: UInt64 { words.0 }

    /// The 32 bytes, in order.
    public var bytes: [UInt8] {
      withUnsafeBytes(of: (words.0.bigEndian, words.1.bigEndian, words.2.bigEndian, words.3.bigEndian)) { Array($0) }
    }

    public static func == (a: BlockHash, b: BlockHash) -> Bool { a.words == b.words }

    public func hash(into hasher: inout Hasher) {
      hasher.combine(words.0)
      hasher.combine(words.1)
      hasher.combine(words.2)
      hasher.combine(words.3)
    }

    /// The first 12 hex digits, enough to tell blocks apart in a log.
    public var description: String {
      let hex = String(words.0, radix: 16)
      return String(String(repeating: "0", count: 16 - hex.count) + hex).prefix(12).description
    }
  }

  /// A transaction: an ID (the node it was submitted to and a sequence number) and its submission time.
  public struct Transaction: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var origin: NodeID
    public var sequence: Int
    /// When the client submitted it (the origin's clock), to measure confirmation latency.
    public var createdAt: Duration

    public init(origin: NodeID, sequence: Int, createdAt: Duration) {
      self.origin = origin
      self.sequence = sequence
      self.createdAt = createdAt
    }

    /// Oldest first, then by origin and sequence: the order a miner packs a block in.
    public static func < (a: Transaction, b: Transaction) -> Bool {
      (a.createdAt, a.origin, a.sequence) < (b.createdAt, b.origin, b.sequence)
    }

    public var description: String { "tx\(origin.rawValue).\(sequence)" }
  }

  /// A block: a header, which is what is hashed, and the transactions its digest covers.
  public struct Block: Hashable, Sendable, CustomStringConvertible {
    /// The fields the proof of work covers.
    public struct Header: Hashable, Sendable {
      public var parent: BlockHash
      /// The digest of the block's transactions (`Block.digest(of:)`).
      public var transactionsDigest: BlockHash
      public var height: Int
      public var miner: NodeID
      /// When the block was mined (the miner's clock).
      public var timestamp: Duration
      /// The hash of the block, read as a number (`BlockHash.prefix`), must be below this.
      public var target: UInt64
      /// What the miner varies until the hash is below the target.
      public var nonce: UInt64

      public init(
        parent: BlockHash, transactionsDigest: BlockHash, height: Int, miner: NodeID, timestamp: Duration,
        target: UInt64, nonce: UInt64
      ) {
        self.parent = parent
        self.transactionsDigest = transactionsDigest
        self.height = height
        self.miner = miner
        self.timestamp = timestamp
        self.target = target
        self.nonce = nonce
      }

      /// The 104 bytes that are hashed: parent (32), transactions digest (32), then height, miner,
      /// timestamp in nanoseconds, target and nonce, 8 bytes each, big-endian.
      public var bytes: [UInt8] { withUnsafeBytes(of: bigEndianWords) { Array($0) } }

      /// SHA-256 of `bytes`.
      public var hash: BlockHash { withUnsafeBytes(of: bigEndianWords) { BlockHash(sha256Of: $0) } }

      /// The header as thirteen 64-bit words, each stored big-endian: `bytes` without an array.
      private var bigEndianWords: (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
      ) {
        let (p, d) = (parent.words, transactionsDigest.words)
        return (
          p.0.bigEndian, p.1.bigEndian, p.2.bigEndian, p.3.bigEndian,
          d.0.bigEndian, d.1.bigEndian, d.2.bigEndian, d.3.bigEndian,
          UInt64(bitPattern: Int64(height)).bigEndian, UInt64(bitPattern: Int64(miner.rawValue)).bigEndian,
          UInt64(bitPattern: timestamp.nanosecondCount).bigEndian, target.bigEndian, nonce.bigEndian
        )
      }
    }

    public let header: Header
    public let transactions: [Transaction]
    /// The hash of `header`, computed once when the block is made.
    public let hash: BlockHash

    /// Makes a block and hashes its header.
    public init(header: Header, transactions: [Transaction]) {
      self.header = header
      self.transactions = transactions
      self.hash = header.hash
    }

    public var parent: BlockHash { header.parent }
    public var height: Int { header.height }
    public var miner: NodeID { header.miner }
    public var timestamp: Duration { header.timestamp }
    public var target: UInt64 { header.target }

    /// Whether the hash is below the target: the proof of work holds.
    public var meetsTarget: Bool { hash.prefix < header.target }

    /// The work this block proves: the attempts it takes on average.
    public var work: UInt64 { ProofOfWork.work(of: header.target) }

    /// The digest a header carries for `transactions`: SHA-256 over their IDs, in order.
    public static func digest(of transactions: [Transaction]) -> BlockHash {
      var words: [UInt64] = []
      words.reserveCapacity(2 * transactions.count)
      for tx in transactions {
        words.append(UInt64(bitPattern: Int64(tx.origin.rawValue)).bigEndian)
        words.append(UInt64(bitPattern: Int64(tx.sequence)).bigEndian)
      }
      return words.withUnsafeBytes { BlockHash(sha256Of: $0) }
    }

    public static func == (a: Block, b: Block) -> Bool { a.hash == b.hash && a.transactions == b.transactions }

    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    public var description: String { "#\(height) \(hash) by \(miner)" }
  }
}
