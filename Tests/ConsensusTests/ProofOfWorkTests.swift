import Consensus
import Simulation
import Testing
import Workbook

/// Lab 07, the small extra: proof of work. A block a second, 256 attempts a block (8 bits) at the
/// start, a retarget every 12 blocks; each test hashes at most about 200,000 headers.
@Suite("Lab 07 · Proof of work")
struct ProofOfWorkTests {
  typealias Network = ProofOfWorkNetwork
  static let parameters = ProofOfWork.Parameters()

  @Test("Mining is real proof of work at the miner's hash rate, and the retarget rule scales and clamps", .points(2))
  func realProofOfWork() throws {
    let p = Self.parameters
    let window = p.blockInterval * p.retargetWindow
    let target: UInt64 = 1 << 50
    #expect(ProofOfWork.retarget(target, span: window, parameters: p) == target)
    #expect(ProofOfWork.retarget(target, span: window * 2, parameters: p) == target * 2, "too slow: easier")
    #expect(ProofOfWork.retarget(target, span: window / 2, parameters: p) == target / 2, "too fast: harder")
    #expect(ProofOfWork.retarget(target, span: window * 10, parameters: p) == target * 4, "clamped at ×4")
    #expect(ProofOfWork.retarget(target, span: .zero, parameters: p) == target / 4, "clamped at ×¼")

    // One miner alone, 256 attempts a second for 10 s.
    let sim = try Network.simulator([.init(hashRate: 256)], stopsMiningAt: .seconds(10), delay: .standard, seed: 1)
    sim.run(for: .seconds(10))
    let miner = try #require(sim.node(1))
    #expect(abs(miner.hashesTried - 2_560) <= 10, "hashes tried in 10 s at 256/s: \(miner.hashesTried)")
    #expect((3...40).contains(miner.blocksMined), "blocks found in ~2,560 attempts at 1 in 256: \(miner.blocksMined)")
    #expect(miner.bestChain.count == miner.blocksMined + 1)
    #expect(Network.problems(in: miner.bestChain, parameters: Self.parameters) == [])
  }

  @Test("Every chain is valid, and the nodes agree on all but the last blocks", .points(5), .seeds(10))
  func chainsValidAndAgree() throws {
    // Four miners, fast links (1–20 ms), transactions at 2/s per node; mining stops at 20 s.
    let miners = Array(repeating: Network.Miner(hashRate: 64, transactionRate: 2), count: 4)
    let sim = try Network.simulator(
      miners, stopsMiningAt: .seconds(20), delay: .uniform(.milliseconds(1), .milliseconds(20)), seed: Seeds.current)
    while sim.now < .seconds(20) {
      sim.run(for: .seconds(1))
      let chains = Network.miners(sim).map(\.bestChain)
      let highest = chains.map(\.count).max()! - 1
      #expect(Network.commonPrefix(chains) >= highest - 3, "at \(sim.now): chains disagree deeper than 3 blocks")
    }
    sim.run(for: .seconds(2))
    let nodes = Network.miners(sim)
    let chains = nodes.map(\.bestChain)
    for (miner, chain) in zip(nodes, chains) {
      #expect(Network.problems(in: chain, parameters: Self.parameters) == [], "\(miner.id)")
    }
    let highest = chains.map(\.count).max()! - 1
    #expect(highest >= 8, "too few blocks in 20 s: \(highest)")
    #expect(Network.commonPrefix(chains) >= highest - 1, "once quiet, chains may differ only in a tie at the tip")
    let works = Set(chains.map(Network.work(of:)))
    #expect(works.count == 1, "once quiet, every tip has the same (most) work")
    // Every transaction submitted in the first 10 s made it into the shared part of the chain.
    let shared = Set(chains[0].prefix(Network.commonPrefix(chains) + 1).flatMap(\.transactions))
    let missing = nodes.flatMap { $0.pool.union($0.confirmed) }.filter { $0.createdAt < .seconds(10) && !shared.contains($0) }
    #expect(missing.isEmpty, "submitted before 10 s and not on the chain: \(Set(missing).sorted().prefix(5))")
  }

  @Test(
    "Forks happen when blocks take a while to spread, and resolve to the chain with the most work", .points(5), .seeds(10))
  func forksResolveToMostWork() throws {
    // Five miners; every message takes 100–700 ms, a large part of the 1 s between blocks.
    let miners = Array(repeating: Network.Miner(hashRate: 51.2), count: 5)
    let sim = try Network.simulator(
      miners, stopsMiningAt: .seconds(25), delay: .uniform(.milliseconds(100), .milliseconds(700)), seed: Seeds.current)
    sim.run(for: .seconds(30))
    let all = Network.miners(sim)
    var everyBlock: [ProofOfWork.BlockHash: ProofOfWork.Block] = [:]
    for miner in all { everyBlock.merge(miner.tree.blocks) { a, _ in a } }
    #expect(all[0].offChainBlocks.count >= 1, "no fork in 25 blocks with 100–700 ms links")
    let mostWork = Network.mostWork(in: everyBlock)
    for miner in all {
      #expect(miner.tree.blocks.count == everyBlock.count, "\(miner.id) knows only \(miner.tree.blocks.count) of the blocks")
      let work = Network.work(of: miner.bestChain)
      #expect(abs(work / mostWork - 1) < 1e-9, "\(miner.id)'s chain does not have the most work")
      #expect(Network.problems(in: miner.bestChain, parameters: Self.parameters) == [], "\(miner.id)")
    }
    let chains = all.map(\.bestChain)
    let highest = chains.map(\.count).max()! - 1
    #expect(Network.commonPrefix(chains) >= highest - 2, "chains differ deeper than a tie at the tip")
  }

  @Test(
    "A partition forks the chain; after it heals the side with more hash power wins, and the other side's transactions go back to the pool",
    .points(8), .seeds(10)
  )
  func partitionHeals() throws {
    // n1–n3 have three quarters of the hash power, n4–n5 one quarter; cut apart from 2 s to 32 s.
    let strong: [NodeID] = [1, 2, 3], weak: [NodeID] = [4, 5]
    let miners = [Network.Miner](repeating: .init(hashRate: 64, transactionRate: 1), count: 3)
      + [Network.Miner](repeating: .init(hashRate: 32, transactionRate: 1), count: 2)
    let sim = try Network.simulator(
      miners, stopsMiningAt: .seconds(44), delay: .uniform(.milliseconds(1), .milliseconds(20)),
      faults: [.schedule(try FaultSchedule.parse("at 2s partition n1,n2,n3|n4,n5; at 32s heal"))], seed: Seeds.current)
    sim.run(until: .seconds(32))
    // Just before the heal: two chains.
    let strongChain = try #require(sim.node(1)).bestChain
    let weakChain = try #require(sim.node(4)).bestChain
    let strongKnows = Set(strong.flatMap { sim.node($0)!.tree.blocks.keys })
    let weakOnly = weakChain.filter { !strongKnows.contains($0.hash) }
    #expect(!weakOnly.isEmpty, "the weak side mined nothing during the partition")
    try #require(Network.work(of: strongChain) > Network.work(of: weakChain), "3/4 of the hash power did less work in 30 s")

    // After the heal: as soon as both weak nodes have switched, what was only in their orphaned
    // blocks is back in their pools (or already on the new chain).
    let settled = strongChain[max(0, strongChain.count - 3)].hash
    let switched = sim.run(
      until: { sim in weak.allSatisfy { id in sim.node(id)!.bestChain.contains { $0.hash == settled } } },
      timeLimit: .seconds(10))
    #expect(switched.end == .predicateHeld, "the weak side did not adopt the strong side's chain within 10 s of the heal")
    let orphanedTransactions = Set(weakOnly.flatMap(\.transactions))
    #expect(!orphanedTransactions.isEmpty, "the weak side's blocks held no transactions")
    for id in weak {
      let miner = sim.node(id)!
      let lost = orphanedTransactions.subtracting(miner.confirmed).subtracting(miner.pool).sorted()
      #expect(lost.isEmpty, "\(id): transactions of orphaned blocks neither on its chain nor in its pool: \(lost.prefix(5))")
    }

    sim.run(until: .seconds(48))
    let chains = Network.miners(sim).map(\.bestChain)
    let common = Network.commonPrefix(chains)
    let finalHashes = Set(chains[0].prefix(common + 1).map(\.hash))
    for chain in chains {
      #expect(Network.problems(in: chain, parameters: Self.parameters) == [])
      let onChain = Set(chain.map(\.hash))
      #expect(strongChain.dropLast(2).allSatisfy { onChain.contains($0.hash) }, "the strong side's chain was not kept")
      #expect(!weakOnly.contains { onChain.contains($0.hash) }, "an orphaned block of the weak side is back on a chain")
    }
    #expect(common >= chains.map(\.count).max()! - 3)
    let finalTransactions = Set(chains[0].filter { finalHashes.contains($0.hash) }.flatMap(\.transactions))
    let notReincluded = orphanedTransactions.subtracting(finalTransactions)
    #expect(notReincluded.isEmpty, "orphaned transactions never mined again: \(notReincluded.sorted().prefix(5))")
  }

  @Test(
    "Difficulty follows hash power: when it doubles, blocks come twice as fast until a retarget brings them back near 1 s",
    .points(5))
  func difficultyFollowsHashPower() throws {
    // Eight miners; n5–n8 start at 6 s, halfway through the first window, doubling the hash power.
    // Per seed: the blocks of the first window mined after that, still at the initial difficulty
    // (`before`), and the two windows after the first retarget whose window starts after 6 s
    // (`after`). A window is too few blocks to judge, so the intervals are pooled over the seeds
    // (`DISTLAB_SEEDS` sets how many; one seed alone is too noisy for these bounds).
    let p = Self.parameters, window = p.retargetWindow
    let joined: Duration = .seconds(6)
    let miners = (1...8).map { Network.Miner(hashRate: 64, startsMiningAt: $0 <= 4 ? .zero : joined) }
    var before: (span: Duration, blocks: Int) = (.zero, 0)
    var after: (span: Duration, blocks: Int) = (.zero, 0)
    var rise = 0.0
    let seeds = Seeds.selected(count: 10)
    for seed in seeds {
      let sim = try Network.simulator(miners, delay: .uniform(.milliseconds(1), .milliseconds(20)), seed: seed)
      // `retarget`: the height of the last block of the first window that starts after the join;
      // the block after it gets the new target. Run until two more windows are complete.
      var chain: [ProofOfWork.Block] = []
      var retarget: Int?
      while sim.now < .seconds(200), retarget.map({ chain.count <= $0 + 2 * window }) ?? true {
        sim.run(for: .seconds(1))
        chain = sim.node(1)!.bestChain
        retarget = retarget ?? stride(from: 2 * window, to: chain.count, by: window).first {
          chain[$0 - window].timestamp >= joined
        }
      }
      #expect(Network.problems(in: chain, parameters: p) == [], "seed \(seed)")
      guard let retarget, chain.count > retarget + 2 * window else {
        Issue.record("seed \(seed): the chain did not reach two windows past the retarget in 200 s")
        continue
      }
      // The blocks of the first window mined wholly after the join.
      for height in 1...window where chain[height - 1].timestamp >= joined {
        before.span += chain[height].timestamp - chain[height - 1].timestamp
        before.blocks += 1
      }
      // How much harder the blocks of those two windows are than the initial difficulty, in bits.
      let harder = [retarget + 1, retarget + window + 1].map { ProofOfWork.difficulty(of: chain[$0].target) }
      rise += (harder[0] + harder[1]) / 2 - Double(p.initialDifficulty)
      after.span += chain[retarget + 2 * window].timestamp - chain[retarget].timestamp
      after.blocks += 2 * window
    }
    let meanBefore = before.span / max(before.blocks, 1), meanAfter = after.span / max(after.blocks, 1)
    #expect(before.blocks >= 2 * seeds.count, "too few blocks between the join and the retarget to measure")
    #expect(meanBefore < .milliseconds(800), "mean interval after the join, before a retarget: \(meanBefore)")
    #expect(meanAfter > .milliseconds(800) && meanAfter < .milliseconds(1_400), "mean interval after the retarget: \(meanAfter)")
    let meanRise = rise / Double(seeds.count)
    #expect(meanRise > 0.6 && meanRise < 1.4, "the difficulty should rise by about 1 bit (twice the attempts): \(meanRise)")
    let ms = { (d: Duration) in d.nanosecondCount / 1_000_000 }
    print(
      "hash power doubled (\(seeds.count) seeds): a block every \(ms(meanBefore)) ms until a retarget, "
        + "\(ms(meanAfter)) ms after; difficulty +\((meanRise * 100).rounded() / 100) bits")
  }
}
