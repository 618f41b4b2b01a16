import Simulation

/// The acceptor: promises, acceptances and the leader's heartbeats (Lamport, "Paxos Made Simple",
/// section 3: one acceptor state per slot, but a single promise for all of them).
extension MultiPaxos.Server {
  mutating func onPrepare(_ b: MultiPaxos.Ballot, from slot: Int, sender: NodeID, context: inout Context<MultiPaxos>) {
    if let promised = context.storage.promised, promised > b {
      post(.nack(b, promised: promised), to: sender, context: &context)
      return
    }
    context.storage.promised = b
    if b != ballot || role == .follower {
      // Another proposer is running phase 1: stop competing and give it time to finish.
      if role != .follower { stepDown() }
      leader = nil
      resetElectionDeadline(context: &context)
    }
    let accepted = context.storage.accepted.filter { $0.key >= slot }
    let chosen = context.storage.chosen.keys.filter { $0 >= slot }.sorted().map {
      MultiPaxos.Entry(slot: $0, value: context.storage.chosen[$0]!)
    }
    post(.promise(b, accepted: accepted, chosen: chosen), to: sender, context: &context)
  }

  mutating func onAccept(
    _ b: MultiPaxos.Ballot, entries: [MultiPaxos.Entry], commit: Int, from sender: NodeID, context: inout Context<MultiPaxos>
  ) {
    if let promised = context.storage.promised, promised > b {
      post(.nack(b, promised: promised), to: sender, context: &context)
      return
    }
    context.storage.promised = b
    follow(b, context: &context)
    // A slot already known to be chosen keeps its value; any later proposal carries the same one.
    for entry in entries where context.storage.chosen[entry.slot] == nil {
      context.storage.accepted[entry.slot] = MultiPaxos.Acceptance(ballot: b, value: entry.value)
    }
    post(.accepted(b, slots: entries.map(\.slot)), to: sender, context: &context)
    learnCommit(b, commit: commit, context: &context)
  }

  mutating func onHeartbeat(_ b: MultiPaxos.Ballot, commit: Int, from sender: NodeID, context: inout Context<MultiPaxos>) {
    if let promised = context.storage.promised, promised > b {
      post(.nack(b, promised: promised), to: sender, context: &context)
      return
    }
    context.storage.promised = b
    follow(b, context: &context)
    learnCommit(b, commit: commit, context: &context)
    if context.storage.firstUnchosen < commit {
      post(.catchUp(from: context.storage.firstUnchosen), to: sender, context: &context)
    }
  }

  /// Accepts the proposer of `b` (a ballot at least as high as any promised) as the leader: a
  /// candidate or leader of another ballot steps down, and the leader's silence is timed afresh.
  mutating func follow(_ b: MultiPaxos.Ballot, context: inout Context<MultiPaxos>) {
    if b == ballot && role == .leader { return }
    if role != .follower { stepDown() }
    leader = b.node
    resetElectionDeadline(context: &context)
  }
}
