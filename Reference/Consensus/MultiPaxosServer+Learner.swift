import Simulation

/// The learner and the state machine: which slots are chosen, catching up, and applying the chosen
/// prefix in order with each client's commands once.
extension MultiPaxos.Server {
  /// Learns from the leader of `b` that every slot below `commit` is chosen.
  ///
  /// A slot whose acceptance here is in ballot `b` holds that leader's one proposal for it. The
  /// leader counts a slot as chosen only once a majority accepted it in `b`, or when it already knew
  /// the slot chosen before proposing (then it proposes nothing there in `b`), so that acceptance
  /// is the chosen value. The other slots below `commit` come by catch-up.
  mutating func learnCommit(_ b: MultiPaxos.Ballot, commit: Int, context: inout Context<MultiPaxos>) {
    leaderCommit = max(leaderCommit, commit)
    var slot = context.storage.firstUnchosen
    while slot < commit {
      if context.storage.chosen[slot] == nil, let acceptance = context.storage.accepted[slot], acceptance.ballot == b {
        context.storage.learn(slot, acceptance.value)
      }
      slot += 1
    }
    apply(context: &context)
  }

  mutating func onCatchUp(from start: Int, sender: NodeID, context: inout Context<MultiPaxos>) {
    let end = min(context.storage.firstUnchosen, start + Self.catchUpLimit)
    guard start < end else { return }
    let entries = (start..<end).map { MultiPaxos.Entry(slot: $0, value: context.storage.chosen[$0]!) }
    post(.chosen(entries), to: sender, context: &context)
  }

  mutating func onChosen(_ entries: [MultiPaxos.Entry], context: inout Context<MultiPaxos>) {
    // A leader learns only from its own ballot's majority: that keeps `learnCommit` sound.
    guard role != .leader else { return }
    let before = context.storage.firstUnchosen
    for entry in entries { context.storage.learn(entry.slot, entry.value) }
    apply(context: &context)
    if context.storage.firstUnchosen > before, context.storage.firstUnchosen < leaderCommit, let leader {
      post(.catchUp(from: context.storage.firstUnchosen), to: leader, context: &context)
    }
  }

  /// Applies the chosen prefix in slot order, each client's command once, and (as leader) answers
  /// the clients waiting for a command just applied.
  mutating func apply(context: inout Context<MultiPaxos>) {
    while firstUnapplied < context.storage.firstUnchosen {
      let slot = firstUnapplied
      for command in context.storage.chosen[slot]!.commands {
        if let last = latest[command.client], command.sequence <= last.sequence {
          // A retry that reached the log twice: it took effect at its first slot.
        } else {
          applied.append(command)
          latest[command.client] = Applied(sequence: command.sequence, slot: slot)
        }
        if role == .leader, waiting[command.client] == command.sequence, let last = latest[command.client],
          last.sequence == command.sequence
        {
          waiting[command.client] = nil
          post(.reply(sequence: command.sequence, slot: last.slot), to: command.client, context: &context)
        }
      }
      firstUnapplied += 1
    }
  }
}
