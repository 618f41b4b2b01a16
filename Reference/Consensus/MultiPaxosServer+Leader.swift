import Simulation

/// The proposer: phase 1 once per leadership for every slot from the first unchosen one on, then
/// phase 2 alone per new command ("Paxos Made Simple", section 3).
extension MultiPaxos.Server {
  /// Starts phase 1 with a ballot above every round seen (logged first, so a restart never reuses it).
  mutating func startBallot(context: inout Context<MultiPaxos>) {
    let round = max(context.storage.lastRound, context.storage.promised?.round ?? 0) + 1
    context.storage.lastRound = round
    let b = MultiPaxos.Ballot(round: round, node: id)
    stepDown()
    role = .candidate
    ballot = b
    leader = nil
    counters.ballotsStarted += 1
    context.log("phase 1 with ballot \(b) from slot \(context.storage.firstUnchosen)")
    broadcast(.prepare(b, from: context.storage.firstUnchosen), context: &context)
  }

  mutating func onPromise(_ b: MultiPaxos.Ballot, _ promise: Promise, from sender: NodeID, context: inout Context<MultiPaxos>) {
    guard role == .candidate, b == ballot else { return }  // late, duplicate, or for an old ballot
    promises[sender] = promise
    if promises.count >= majority { becomeLeader(context: &context) }
  }

  /// With promises from a majority: learn what they know is chosen, re-propose in every other slot
  /// they mention the value accepted in the highest ballot, and fill the holes with no-ops.
  mutating func becomeLeader(context: inout Context<MultiPaxos>) {
    guard let b = ballot else { return }
    role = .leader
    leader = id
    var highest: [Int: MultiPaxos.Acceptance] = [:]
    for sender in promises.keys.sorted() {
      let promise = promises[sender]!
      for entry in promise.chosen { context.storage.learn(entry.slot, entry.value) }
      for (slot, acceptance) in promise.accepted where highest[slot].map({ $0.ballot < acceptance.ballot }) ?? true {
        highest[slot] = acceptance
      }
    }
    promises = [:]
    let top = max(highest.keys.max() ?? -1, context.storage.chosen.keys.max() ?? -1)
    nextSlot = max(context.storage.firstUnchosen, top + 1)
    var entries: [MultiPaxos.Entry] = []
    for slot in context.storage.firstUnchosen..<nextSlot where context.storage.chosen[slot] == nil {
      let value = highest[slot]?.value ?? .noOp
      entries.append(MultiPaxos.Entry(slot: slot, value: value))
      proposals[slot] = Proposal(value: value, sentAt: context.now)
    }
    counters.slotsProposed += entries.count
    context.log("leading with ballot \(b): re-proposing \(entries.count) slots, next slot \(nextSlot)")
    apply(context: &context)
    if entries.isEmpty {
      sendHeartbeats(context: &context)
    } else {
      broadcast(.accept(b, entries: entries, commit: context.storage.firstUnchosen), context: &context)
    }
    context.setTimer(.heartbeat(b), after: heartbeatInterval)
  }

  mutating func onRequest(_ command: MultiPaxos.Command, from sender: NodeID, context: inout Context<MultiPaxos>) {
    guard role == .leader else {
      post(.redirect(sequence: command.sequence, leader: leader), to: sender, context: &context)
      return
    }
    if let last = latest[command.client], command.sequence <= last.sequence {
      // Already applied: answer a retry of the last command, ignore older ones.
      if command.sequence == last.sequence {
        post(.reply(sequence: last.sequence, slot: last.slot), to: sender, context: &context)
      }
      return
    }
    waiting[command.client] = command.sequence
    if let proposed = proposedUpTo[command.client], proposed >= command.sequence { return }  // a retry in flight
    proposedUpTo[command.client] = command.sequence
    queue.append(command)
    proposeQueued(context: &context)
  }

  /// Proposes queued commands: each in its own slot at once without batching; with batching, as one
  /// slot of up to `maxBatch` commands once no earlier proposal is in flight.
  mutating func proposeQueued(context: inout Context<MultiPaxos>) {
    guard role == .leader, !queue.isEmpty else { return }
    if maxBatch == 1 {
      let commands = queue
      queue = []
      for command in commands { propose(MultiPaxos.Batch([command]), context: &context) }
    } else if proposals.isEmpty {
      let count = min(maxBatch, queue.count)
      let batch = MultiPaxos.Batch(Array(queue.prefix(count)))
      queue.removeFirst(count)
      propose(batch, context: &context)
    }
  }

  /// Phase 2 for a new slot: one round trip, since phase 1 already covers every slot.
  mutating func propose(_ value: MultiPaxos.Batch, context: inout Context<MultiPaxos>) {
    guard let b = ballot else { return }
    let slot = nextSlot
    nextSlot += 1
    proposals[slot] = Proposal(value: value, sentAt: context.now)
    counters.slotsProposed += 1
    counters.commandsProposed += value.commands.count
    broadcast(
      .accept(b, entries: [MultiPaxos.Entry(slot: slot, value: value)], commit: context.storage.firstUnchosen),
      context: &context)
  }

  mutating func onAccepted(_ b: MultiPaxos.Ballot, slots: [Int], from sender: NodeID, context: inout Context<MultiPaxos>) {
    guard role == .leader, b == ballot else { return }
    var chose = false
    for slot in slots {
      guard var proposal = proposals[slot] else { continue }  // chosen already
      proposal.acceptedBy.insert(sender)
      if proposal.acceptedBy.count >= majority {
        // Accepted by a majority in one ballot: chosen.
        proposals[slot] = nil
        context.storage.learn(slot, proposal.value)
        chose = true
      } else {
        proposals[slot] = proposal
      }
    }
    guard chose else { return }
    apply(context: &context)
    proposeQueued(context: &context)
  }

  mutating func onNack(_ b: MultiPaxos.Ballot, promised: MultiPaxos.Ballot, context: inout Context<MultiPaxos>) {
    // Someone is ahead: remember its round so the next ballot goes above it.
    context.storage.lastRound = max(context.storage.lastRound, promised.round)
    guard b == ballot, role != .follower else { return }
    context.log("ballot \(b) pre-empted by \(promised)")
    stepDown()
    leader = nil
  }

  /// To each follower: the proposals it has not accepted within a heartbeat interval, or else a
  /// heartbeat if it has heard nothing from the leader for that long.
  mutating func sendHeartbeats(context: inout Context<MultiPaxos>) {
    guard let b = ballot else { return }
    let commit = context.storage.firstUnchosen
    let now = context.now
    let overdue = proposals.keys.sorted().filter { now - proposals[$0]!.sentAt >= heartbeatInterval }
    for peer in peers where peer != id {
      let missing = overdue.filter { !proposals[$0]!.acceptedBy.contains(peer) }
      if !missing.isEmpty {
        let entries = missing.map { MultiPaxos.Entry(slot: $0, value: proposals[$0]!.value) }
        post(.accept(b, entries: entries, commit: commit), to: peer, context: &context)
      } else if lastSent[peer].map({ now - $0 >= heartbeatInterval }) ?? true {
        counters.heartbeatsSent += 1
        post(.heartbeat(b, commit: commit), to: peer, context: &context)
      }
    }
    for slot in overdue { proposals[slot]!.sentAt = now }
  }
}
