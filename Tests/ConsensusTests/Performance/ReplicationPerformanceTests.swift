import Consensus
import Foundation
import Simulation
import Testing
import Workbook

/// Lab 07, part 7: what a replicated log costs, measured on the simulator (1–3 ms links, ten
/// closed-loop clients). Set `DISTLAB_CONSENSUS_TABLE=1` to print the handout's table.
@Suite("Lab 07 · performance of replication")
struct ReplicationPerformanceTests {
  @Test("Raft commits in one round trip from the leader: a command's latency is about four one-way delays",
    .points(3))
  func raftLatency() throws {
    let m = try ReplicationMeasurement.raft(servers: 5, batching: false)
    #expect(m.commands == 400)
    // Client → leader → followers → leader → client: four hops of 1–3 ms each.
    #expect(m.latencyP50 >= .milliseconds(4) && m.latencyP50 <= .milliseconds(12), "\(m)")
  }

  @Test("Raft's leader handles every message: its load per command grows with N without batching, and batching cuts it",
    .points(4))
  func raftLeaderLoad() throws {
    let small = try ReplicationMeasurement.raft(servers: 3, batching: false)
    let large = try ReplicationMeasurement.raft(servers: 7, batching: false)
    let batched = try ReplicationMeasurement.raft(servers: 7, batching: true)
    // A request, a reply, and an append and its answer per follower: 2·N, plus re-sends when
    // pipelined appends overtake each other.
    #expect(small.leaderMessagesPerCommand >= 6 && small.leaderMessagesPerCommand <= 10, "\(small)")
    #expect(large.leaderMessagesPerCommand >= 14 && large.leaderMessagesPerCommand <= 24, "\(large)")
    #expect(large.leaderMessagesPerCommand >= 2 * small.leaderMessagesPerCommand, "\(small) vs \(large)")
    #expect(batched.leaderMessagesPerCommand * 2 <= large.leaderMessagesPerCommand, "\(batched) vs \(large)")
    #expect(batched.commands == 400 && large.commands == 400)
  }

  @Test("Multi-Paxos with a stable leader costs the same: one round trip, about 2·N leader messages per command",
    .points(3))
  func multiPaxosMatchesRaft() throws {
    let paxos = try ReplicationMeasurement.multiPaxos(servers: 5, batching: false)
    let raft = try ReplicationMeasurement.raft(servers: 5, batching: false)
    #expect(paxos.commands == 400)
    #expect(paxos.latencyP50 >= .milliseconds(4) && paxos.latencyP50 <= .milliseconds(12), "\(paxos)")
    #expect(paxos.leaderMessagesPerCommand >= 9 && paxos.leaderMessagesPerCommand <= 15, "\(paxos)")
    // Same shape as Raft: latency within 25%, leader load within a factor of 1.6.
    let ratio = Double(paxos.latencyP50.nanosecondCount) / Double(raft.latencyP50.nanosecondCount)
    #expect(ratio > 0.75 && ratio < 1.25, "\(paxos) vs \(raft)")
    #expect(max(paxos.leaderMessagesPerCommand, raft.leaderMessagesPerCommand)
      <= 1.6 * min(paxos.leaderMessagesPerCommand, raft.leaderMessagesPerCommand), "\(paxos) vs \(raft)")
  }

  @Test("The handout's table: Raft and Multi-Paxos on 3, 5 and 7 servers, batching off and on")
  func table() throws {
    var rows: [ReplicationMeasurement] = []
    for servers in [3, 5, 7] {
      for batching in [false, true] {
        rows.append(try ReplicationMeasurement.raft(servers: servers, batching: batching))
        rows.append(try ReplicationMeasurement.multiPaxos(servers: servers, batching: batching))
      }
    }
    #expect(rows.allSatisfy { $0.commands == 400 }, "\(rows.filter { $0.commands != 400 })")
    if ProcessInfo.processInfo.environment["DISTLAB_CONSENSUS_TABLE"] != nil {
      print(([ReplicationMeasurement.header] + rows.map(\.description)).joined(separator: "\n"))
    }
  }
}
