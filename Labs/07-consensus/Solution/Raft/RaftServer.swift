// Lab 07 (consensus), part 4: your Raft server. Fill in the parts marked TODO(lab); the handout
// (Labs/07-consensus/README.md, the Raft part) takes them in order, and the comments name the part
// (4a election … 4f membership) whose graded suite checks each one.

import Simulation

/// A Raft server (Ongaro and Ousterhout, "In Search of an Understandable Consensus Algorithm",
/// USENIX ATC 2014; Ongaro's dissertation, Stanford 2014, for snapshots, single-server membership
/// changes and read indices).
///
/// Servers elect a leader with randomized timeouts; the leader appends client commands to its log
/// and replicates them; an entry is committed once a majority stores it, provided the leader's
/// current term created it (earlier entries commit along with it), and committed entries are
/// applied in order to the replicated machine. Term, vote and log live on stable storage.
///
/// Stable state is `context.storage` (`currentTerm`, `votedFor`, `log`): read and write it there,
/// never through a copy kept in the server, and it survives crashes. Everything stored in the
/// server itself is volatile: a crash loses it, and `start` rebuilds it.
public struct RaftServer<Machine: ReplicatedStateMachine>: Hashable, Sendable {
  public typealias Context = Simulation.Context<Raft<Machine>>
  typealias Entry = LogEntry<Machine.Command>

  /// A server's part in the current term.
  public enum Role: Hashable, Sendable { case follower, candidate, leader }

  /// A read waiting for its read index to be confirmed and applied.
  struct PendingRead: Hashable, Sendable {
    var request: ClientRequest<Machine.Command>
    var command: Machine.Command
    var readIndex: Int
    var round: Int
  }

  public let id: NodeID
  /// The voting members when the log holds no configuration (the cluster's first configuration;
  /// empty for a server that waits to be added).
  public let bootstrap: [NodeID]
  public let options: RaftOptions

  public private(set) var role = Role.follower
  /// The leader of the current term, as far as this server knows.
  public private(set) var leader: NodeID?
  /// The highest index known to be committed.
  public private(set) var commitIndex = 0
  /// The highest index applied to `state`.
  public private(set) var lastApplied = 0
  /// The machine and client sessions after applying entries 1…`lastApplied`.
  public private(set) var state = AppliedState<Machine>()
  /// The voting members: the latest configuration in the log, committed or not.
  public private(set) var configuration: [NodeID]

  // The volatile state the reference keeps. You may add to it, or drop what you do not use.

  /// A candidate's votes in its current election (its own included).
  private var votes: Set<NodeID> = []
  /// A leader's guess, per follower, of the next index to send it.
  private var nextIndex: [NodeID: Int] = [:]
  /// A leader's knowledge, per follower, of the highest index known to match its own log.
  private var matchIndex: [NodeID: Int] = [:]
  /// When this server last heard from a leader of its term (local time), for ignoring disruptive candidates.
  private var lastLeaderContact: Duration?
  /// Per client, the request number this leader already appended in its term.
  private var proposed: [NodeID: Int] = [:]
  /// The leader's heartbeat round, and the latest round each follower answered.
  private var round = 0
  private var answeredRound: [NodeID: Int] = [:]
  private var pendingReads: [PendingRead] = []
  /// A batch is collecting and the `.flush` timer is set.
  private var flushPending = false

  /// Creates a server whose first configuration (if its log has none) is `bootstrap`.
  public init(id: NodeID, bootstrap: [NodeID], options: RaftOptions = RaftOptions()) {
    self.id = id
    self.bootstrap = bootstrap.sorted()
    self.options = options
    self.configuration = self.bootstrap
  }

  var majority: Int { configuration.count / 2 + 1 }
  private var peers: [NodeID] { configuration.filter { $0 != id } }

  // MARK: - Boot and timers

  mutating func start(context: inout Context) {
    // TODO(lab): part 4a, then 4d and 4e. This runs at boot and after every restart, with
    // `context.storage` exactly as the crash left it. Rebuild the volatile state from it: with a
    // snapshot in the log, the applied state, `commitIndex` and `lastApplied` all start from the
    // snapshot (a snapshot only ever holds committed entries); without one, from nothing. The
    // configuration is the latest one the log holds (`log.configuration(at: log.lastIndex)`), else
    // `bootstrap`. Every server starts as a follower, so finish by arming the election timer.
  }

  mutating func timerFired(_ timer: RaftTimer, context: inout Context) {
    switch timer {
    case .election:
      // TODO(lab): part 4a. No leader was heard from for a whole timeout: campaign (`startElection`).
      break
    case .heartbeat:
      // TODO(lab): part 4a. Only while leading: begin a new heartbeat round (`round += 1`), send each
      // follower an AppendEntries (with what it lacks, or empty), and set `.heartbeat` again after
      // `options.heartbeatInterval`. A timer set by an old leadership may still fire: ignore it.
      break
    case .flush:
      // TODO(lab): batching (ungraded). The batch window closed: clear `flushPending` and, if still
      // leading, send the entries that accumulated.
      break
    case .retry:
      break  // a client's timer; servers never set it
    }
  }

  /// Sets the election timer to a fresh random timeout drawn from `options.electionTimeout`,
  /// replacing any pending one. Call it whenever the countdown must start over.
  private func resetElectionTimer(context: inout Context) {
    let range = options.electionTimeout
    let spread = UInt64(max(0, (range.upperBound - range.lowerBound).nanosecondCount)) + 1
    context.cancelTimer(.election)
    context.setTimer(.election, after: range.lowerBound + .nanoseconds(Int64(context.random.next() % spread)))
  }

  // MARK: - Elections

  private mutating func startElection(context: inout Context) {
    // TODO(lab): part 4a. Re-arm the election timer first (an election that fails must be retried).
    // A server that is not in `configuration` (waiting to be added, or removed) never campaigns.
    // Otherwise move to a new term and vote for yourself, both on stable storage, become candidate,
    // forget the old leader, count your own vote, and ask every peer for its vote, telling it your
    // log's last index and last term. A cluster of one wins at once.
  }

  private mutating func handleRequestVote(
    term: Int, lastLogIndex: Int, lastLogTerm: Int, from candidate: NodeID, context: inout Context
  ) {
    // TODO(lab): part 4a (the sticky-leader check matters in 4f). Decide and always answer with
    // `.vote` carrying your current term:
    // - If you lead, or heard from a leader less than the minimum election timeout ago, refuse a
    //   candidate with a higher term *without* adopting that term: the cluster works, and a server
    //   that is cut off or was removed must not depose its leader.
    // - A higher term otherwise makes you a follower of that term, with no vote cast yet.
    // - Grant only for your current term, if you have not voted for someone else in it, and if the
    //   candidate's log is at least as up to date as yours: its last term is higher, or the same
    //   with a last index at least yours. Record the vote on stable storage before answering, and
    //   restart your election countdown (you just backed someone).
  }

  private mutating func handleVote(term: Int, granted: Bool, from voter: NodeID, context: inout Context) {
    // TODO(lab): part 4a. A higher term in the answer: step down to it. Otherwise count a granted
    // vote only while you are still the candidate of that very term, and only from a voting member.
    // A majority of `configuration` (you included) makes you leader.
  }

  private mutating func becomeLeader(context: inout Context) {
    // TODO(lab): part 4a, then 4b. Take the role and note yourself as leader. Start every peer's
    // next index just past your last entry and forget all match indices (you know nothing yet);
    // clear the per-term bookkeeping (`proposed`, `answeredRound`, `pendingReads`) and begin a new
    // round. A leader has no election timer. If `options.appendsNoOpOnElection`, append a no-op of
    // your term: committing it commits everything before it. Then send AppendEntries to everyone at
    // once (that is the announcement), set `.heartbeat`, and see whether anything can commit (a
    // cluster of one commits on its own).
  }

  /// Adopts a newer term (forgetting the vote), or just stops leading or campaigning.
  private mutating func stepDown(to term: Int, context: inout Context) {
    // TODO(lab): part 4a. A higher term replaces the current one on stable storage, with no vote in
    // it, and the leader you knew is no longer current. A leader that steps down stops its
    // heartbeats and arms an election timer again (followers need one). Whatever the term, become
    // follower and drop the candidate's votes and any reads waiting for confirmation.
  }

  // MARK: - Replication (leader)

  /// Sends every follower what it lacks (or a heartbeat when it lacks nothing).
  private mutating func sendAppendEntries(context: inout Context) {
    for peer in peers { sendAppendEntries(to: peer, context: &context) }
  }

  /// At most this many entries travel in one AppendEntries message.
  static var maxEntriesPerMessage: Int { 64 }

  /// Sends `peer` the entries from its next index on (or the snapshot, if those were compacted),
  /// and assumes they will arrive: the next message continues after them. A follower that missed
  /// one answers the next message with a conflict, which moves its next index back.
  private mutating func sendAppendEntries(to peer: NodeID, context: inout Context) {
    // TODO(lab): part 4b (and 4e for the snapshot). Start from the peer's next index (never past
    // your last index + 1). If the entries from there on were compacted into your snapshot, send
    // `.installSnapshot` instead and move the peer's next index past the snapshot. Otherwise send
    // `.appendEntries` with the index and term of the entry just before (`prevLogIndex`,
    // `prevLogTerm`; index 0 has term 0), up to `maxEntriesPerMessage` entries from the next index,
    // your commit index and the current `round`. Then advance the peer's next index past what you
    // sent, so that the next message carries new entries instead of repeating these.
  }

  private mutating func handleAppendReply(
    term: Int, success: Bool, match: Int, conflictIndex: Int, conflictTerm: Int?, round answered: Int,
    from peer: NodeID, context: inout Context
  ) {
    // TODO(lab): part 4b. A higher term: step down. Ignore answers unless you still lead in that
    // term. Note the latest round this peer answered (read index). On success, raise the peer's
    // match index to `match` and its next index past it (never lower either: replies can arrive out
    // of order), then try to advance the commit index. On failure, move the next index back: the
    // simple version goes to `conflictIndex`; the fast back-up skips further, to just after your
    // own last entry of `conflictTerm` if you have one (`log.lastIndex(ofTerm:)`). Never go below
    // what the peer is known to match, nor past your last index + 1. Then send the peer more at
    // once if it failed, or if it still lacks entries (unless a batch is collecting).
  }

  private mutating func handleSnapshotReply(term: Int, lastIndex: Int, from peer: NodeID, context: inout Context) {
    // TODO(lab): part 4e. As for a successful append answer: a higher term makes you step down;
    // otherwise, still leading in that term, the peer now matches through `lastIndex`. Update its
    // match and next index (never lowering them), try to commit, and send what follows if it lacks it.
  }

  /// Commits the highest index a majority stores, if the current term created it (figure 8 of
  /// the paper shows why counting replicas of older entries is unsafe).
  private mutating func advanceCommitIndex(context: inout Context) {
    // TODO(lab): part 4b, and 4c for the rule's fine print. Only a leader commits by counting. Look
    // for the highest index above `commitIndex` that a majority of `configuration` stores (you
    // count as storing all of your log; a follower stores what its match index covers). Count
    // replicas only for an entry of your current term: an entry of an earlier term is never
    // committed by counting, only by a later entry of your term committing above it. Raise the
    // commit index and apply (`applyCommitted`). The workspace may ignore `options.flaw`.
  }

  // MARK: - Replication (follower)

  private mutating func handleAppendEntries(
    term: Int, prevLogIndex: Int, prevLogTerm: Int, entries: [Entry], leaderCommit: Int, round: Int,
    from sender: NodeID, context: inout Context
  ) {
    // TODO(lab): part 4a (heartbeats), 4b (everything else), 4e (the snapshot case). Every answer is
    // an `.appendReply` with your current term that echoes `round`.
    // - An older term: refuse (success false), so the stale leader learns the newer term.
    // - Otherwise the sender leads this term: follow it (`acceptLeader`).
    // - The consistency check. If `prevLogIndex` lies inside your snapshot, the entries up to the
    //   snapshot are committed and so identical: skip them. If your log ends before `prevLogIndex`,
    //   refuse with `conflictIndex` just past your last entry (no `conflictTerm`). If your entry at
    //   `prevLogIndex` has another term, refuse with that term as `conflictTerm` and the first index
    //   of its run of entries as `conflictIndex` (`log.firstIndex(ofTermAt:)`).
    // - Append: walk the entries with their indices. One you already hold with the same term is
    //   already there; at the first whose term differs, cut your log there (`truncate(after:)`)
    //   and append the rest. Never cut when nothing conflicts: a delayed, shorter message must not
    //   erase entries a later one brought. Cutting a committed entry is a bug (`reportIssue`).
    // - If the log changed, the configuration is the latest one in it again (or `bootstrap`).
    // - Commit up to `leaderCommit`, but not past the last entry this message vouched for, apply
    //   (`applyCommitted`), and answer success with that last index as `matchIndex`.
  }

  private mutating func handleInstallSnapshot(
    term: Int, snapshot: RaftSnapshot<Machine>, from sender: NodeID, context: inout Context
  ) {
    // TODO(lab): part 4e. An older term: answer `.snapshotReply` with your term and `lastIndex` 0.
    // Otherwise follow the sender. Install the snapshot only if it goes beyond both your commit
    // index and your own snapshot (an older one would move you backwards): compact the log to it,
    // take its state as yours, set the commit and applied indices to its last index, recompute the
    // configuration, and `context.log("installed snapshot through \(snapshot.lastIndex)")` (a test
    // looks for that line). Either way answer `.snapshotReply` with the snapshot's last index.
  }

  /// A message from the leader of `term`: follow it, and wait a full timeout before campaigning.
  private mutating func acceptLeader(_ sender: NodeID, term: Int, context: inout Context) {
    // TODO(lab): part 4a. If the term is newer, or you are a candidate (or a leader) of this term,
    // step down. Remember the sender as leader and when you last heard from it (`context.now`),
    // and restart your election countdown.
  }

  // MARK: - Applying

  private mutating func applyCommitted(context: inout Context) {
    // TODO(lab): part 4b, with 4b's exactly-once sessions, 4e and 4f. Apply entries one at a time
    // from `lastApplied + 1` through `commitIndex` (a missing entry is a bug: `reportIssue`):
    // - a command changes `state.machine` and gives the client's answer; a no-op or configuration
    //   entry changes nothing and answers `.ok(nil)`;
    // - exactly once: an entry whose client's session (`state.sessions`) already records that
    //   request number or a later one is a duplicate (a retried request that got into the log
    //   twice). Apply nothing for it; if it is the very request recorded, answer with the recorded
    //   result again;
    // - record each client entry's answer as that client's session, and if you lead, send the
    //   answer (`.reply`) to the client.
    // Afterwards: a leader that is no longer in `configuration`, once that configuration entry is
    // committed, steps down (part 4f). Then take a snapshot if one is due, and serve reads.
  }

  private mutating func takeSnapshotIfDue(context: inout Context) {
    // TODO(lab): part 4e. With `options.snapshotThreshold` set, once at least that many applied
    // entries sit in the log past its snapshot, compact the log to a snapshot of what is applied:
    // last index `lastApplied`, its term, the applied `state` (machine and sessions), and the
    // configuration in force at `lastApplied`.
  }

  // MARK: - Clients

  private mutating func handleRequest(_ request: ClientRequest<Machine.Command>, context: inout Context) {
    // TODO(lab): part 4b, then 4f. A request reaches the server the client believes leads.
    // - Not leading: answer `.redirect` with the leader you know (nil if none).
    // - The client's session shows this request number already applied: send the recorded result
    //   again (for an older number, say nothing; the client has moved on).
    // - A command: append it to the log with your term and its origin (client, request number),
    //   unless you already appended this very request in this term (`proposed`).
    // - `.addServer`/`.removeServer` (part 4f): only one change at a time (the latest
    //   configuration entry must be committed) and only after an entry of your term is committed.
    //   Otherwise drop the request; the client retries. Append a configuration entry with the new
    //   member list (sorted) and use it *at once*, before it commits; a new member's next index
    //   starts past your last entry.
    // - Then send it to the followers (or, with `options.batchWindow`, set `.flush` once per
    //   window) and try to commit (a cluster of one).
    // - Read index (part 5): with `options.readMode` other than `.log`, a read-only command skips
    //   the log. `.readIndex`: queue a `PendingRead`, start a new round, send heartbeats and try
    //   `serveReads`. `.localWithoutCheck`, the deliberately broken variant that no graded test asks
    //   of you, answers from your own machine at once.
  }

  /// Answers the reads whose leadership check has a majority and whose read index is applied.
  private mutating func serveReads(context: inout Context) {
    // TODO(lab): read index (ungraded in part 4; part 5's key-value store reads this way). In
    // `handleRequest`, a read-only command under `.readIndex` becomes a `PendingRead`: its read
    // index is the commit index (or the last index, if no entry of this term has committed yet),
    // and it waits for a new round of heartbeats. Here, only while leading and once an entry of
    // your term is committed, answer each pending read whose round a majority (you included) has
    // answered and whose read index `lastApplied` has reached, by applying the command to a copy
    // of the machine. Keep the others waiting.
  }

  // MARK: - Dispatch

  mutating func receive(_ message: RaftMessage<Machine>, from sender: NodeID, context: inout Context) {
    switch message {
    case .requestVote(let term, let lastLogIndex, let lastLogTerm):
      handleRequestVote(term: term, lastLogIndex: lastLogIndex, lastLogTerm: lastLogTerm, from: sender, context: &context)
    case .vote(let term, let granted):
      handleVote(term: term, granted: granted, from: sender, context: &context)
    case .appendEntries(let term, let prevLogIndex, let prevLogTerm, let entries, let leaderCommit, let round):
      handleAppendEntries(
        term: term, prevLogIndex: prevLogIndex, prevLogTerm: prevLogTerm, entries: entries,
        leaderCommit: leaderCommit, round: round, from: sender, context: &context)
    case .appendReply(let term, let success, let match, let conflictIndex, let conflictTerm, let round):
      handleAppendReply(
        term: term, success: success, match: match, conflictIndex: conflictIndex, conflictTerm: conflictTerm,
        round: round, from: sender, context: &context)
    case .installSnapshot(let term, let snapshot):
      handleInstallSnapshot(term: term, snapshot: snapshot, from: sender, context: &context)
    case .snapshotReply(let term, let lastIndex):
      handleSnapshotReply(term: term, lastIndex: lastIndex, from: sender, context: &context)
    case .request(let request):
      handleRequest(request, context: &context)
    case .reply, .redirect:
      break  // meant for clients
    }
  }
}
