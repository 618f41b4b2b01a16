import Simulation

/// A Raft server (Ongaro and Ousterhout, "In Search of an Understandable Consensus Algorithm",
/// USENIX ATC 2014; Ongaro's dissertation, Stanford 2014, for snapshots, single-server membership
/// changes and read indices).
///
/// Servers elect a leader with randomized timeouts; the leader appends client commands to its log
/// and replicates them; an entry is committed once a majority stores it, provided the leader's
/// current term created it (earlier entries commit along with it), and committed entries are
/// applied in order to the replicated machine. Term, vote and log live on stable storage.
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

  private var votes: Set<NodeID> = []
  private var nextIndex: [NodeID: Int] = [:]
  private var matchIndex: [NodeID: Int] = [:]
  private var lastLeaderContact: Duration?
  /// Per client, the request number this leader already appended in its term.
  private var proposed: [NodeID: Int] = [:]
  /// The leader's heartbeat round, and the latest round each follower answered.
  private var round = 0
  private var answeredRound: [NodeID: Int] = [:]
  private var pendingReads: [PendingRead] = []
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
    let log = context.storage.log
    state = log.snapshot?.state ?? AppliedState()
    commitIndex = log.snapshotIndex
    lastApplied = log.snapshotIndex
    configuration = log.configuration(at: log.lastIndex) ?? bootstrap
    resetElectionTimer(context: &context)
  }

  mutating func timerFired(_ timer: RaftTimer, context: inout Context) {
    switch timer {
    case .election:
      startElection(context: &context)
    case .heartbeat:
      guard role == .leader else { return }
      round += 1
      sendAppendEntries(context: &context)
      context.setTimer(.heartbeat, after: options.heartbeatInterval)
    case .flush:
      flushPending = false
      if role == .leader { sendAppendEntries(context: &context) }
    case .retry:
      break
    }
  }

  private func resetElectionTimer(context: inout Context) {
    let range = options.electionTimeout
    let spread = UInt64(max(0, (range.upperBound - range.lowerBound).nanosecondCount)) + 1
    context.cancelTimer(.election)
    context.setTimer(.election, after: range.lowerBound + .nanoseconds(Int64(context.random.next() % spread)))
  }

  // MARK: - Elections

  private mutating func startElection(context: inout Context) {
    resetElectionTimer(context: &context)
    // A server outside the configuration (not yet added, or removed) never campaigns.
    guard configuration.contains(id) else { return }
    context.storage.currentTerm += 1
    context.storage.votedFor = id
    role = .candidate
    leader = nil
    votes = [id]
    let log = context.storage.log
    context.broadcast(
      .requestVote(term: context.storage.currentTerm, lastLogIndex: log.lastIndex, lastLogTerm: log.lastTerm),
      to: peers)
    if votes.count >= majority { becomeLeader(context: &context) }
  }

  private mutating func handleRequestVote(
    term: Int, lastLogIndex: Int, lastLogTerm: Int, from candidate: NodeID, context: inout Context
  ) {
    // A server that heard from a live leader within the minimum election timeout ignores
    // candidates, so a removed or partitioned server cannot disrupt a working cluster
    // (dissertation §4.2.3).
    if term > context.storage.currentTerm,
      role == .leader || lastLeaderContact.map({ context.now - $0 < options.electionTimeout.lowerBound }) == true
    {
      context.send(.vote(term: context.storage.currentTerm, granted: false), to: candidate)
      return
    }
    if term > context.storage.currentTerm { stepDown(to: term, context: &context) }
    let log = context.storage.log
    let upToDate = lastLogTerm > log.lastTerm || (lastLogTerm == log.lastTerm && lastLogIndex >= log.lastIndex)
    let free = context.storage.votedFor == nil || context.storage.votedFor == candidate
    let granted = term == context.storage.currentTerm && free && upToDate
    if granted {
      context.storage.votedFor = candidate
      resetElectionTimer(context: &context)
    }
    context.send(.vote(term: context.storage.currentTerm, granted: granted), to: candidate)
  }

  private mutating func handleVote(term: Int, granted: Bool, from voter: NodeID, context: inout Context) {
    if term > context.storage.currentTerm {
      stepDown(to: term, context: &context)
      return
    }
    guard role == .candidate, term == context.storage.currentTerm, granted, configuration.contains(voter) else { return }
    votes.insert(voter)
    if votes.count >= majority { becomeLeader(context: &context) }
  }

  private mutating func becomeLeader(context: inout Context) {
    role = .leader
    leader = id
    let next = context.storage.log.lastIndex + 1
    nextIndex = Dictionary(uniqueKeysWithValues: peers.map { ($0, next) })
    matchIndex = [:]
    proposed = [:]
    answeredRound = [:]
    pendingReads = []
    round += 1
    context.cancelTimer(.election)
    context.log("leader in term \(context.storage.currentTerm)")
    if options.appendsNoOpOnElection {
      context.storage.log.append(Entry(term: context.storage.currentTerm, payload: .noOp))
    }
    sendAppendEntries(context: &context)
    context.setTimer(.heartbeat, after: options.heartbeatInterval)
    advanceCommitIndex(context: &context)
  }

  /// Adopts a newer term (forgetting the vote), or just stops leading or campaigning.
  private mutating func stepDown(to term: Int, context: inout Context) {
    if term > context.storage.currentTerm {
      context.storage.currentTerm = term
      context.storage.votedFor = nil
      leader = nil
    }
    if role == .leader {
      context.cancelTimer(.heartbeat)
      context.log("steps down in term \(context.storage.currentTerm)")
      resetElectionTimer(context: &context)
    }
    role = .follower
    votes = []
    pendingReads = []
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
    let log = context.storage.log
    let next = min(nextIndex[peer] ?? log.lastIndex + 1, log.lastIndex + 1)
    let term = context.storage.currentTerm
    if next <= log.snapshotIndex, let snapshot = log.snapshot {
      context.send(.installSnapshot(term: term, snapshot: snapshot), to: peer)
      nextIndex[peer] = snapshot.lastIndex + 1
      return
    }
    let entries = next <= log.lastIndex ? Array(log.entries(from: next).prefix(Self.maxEntriesPerMessage)) : []
    context.send(
      .appendEntries(
        term: term, prevLogIndex: next - 1, prevLogTerm: log.term(at: next - 1) ?? 0, entries: entries,
        leaderCommit: commitIndex, round: round),
      to: peer)
    nextIndex[peer] = next + entries.count
  }

  private mutating func handleAppendReply(
    term: Int, success: Bool, match: Int, conflictIndex: Int, conflictTerm: Int?, round answered: Int,
    from peer: NodeID, context: inout Context
  ) {
    if term > context.storage.currentTerm {
      stepDown(to: term, context: &context)
      return
    }
    guard role == .leader, term == context.storage.currentTerm else { return }
    answeredRound[peer] = max(answeredRound[peer] ?? 0, answered)
    let log = context.storage.log
    if success {
      matchIndex[peer] = max(matchIndex[peer] ?? 0, match)
      nextIndex[peer] = max(nextIndex[peer] ?? 1, match + 1)
      advanceCommitIndex(context: &context)
    } else {
      // Skip the follower's whole conflicting term at once: to just after our last entry of that
      // term if we have one, else to where the follower's run of that term begins.
      var next = conflictIndex
      if let conflictTerm, let last = log.lastIndex(ofTerm: conflictTerm) { next = last + 1 }
      nextIndex[peer] = min(max(next, (matchIndex[peer] ?? 0) + 1), log.lastIndex + 1)
    }
    if !success || (!flushPending && (nextIndex[peer] ?? 0) <= context.storage.log.lastIndex) {
      sendAppendEntries(to: peer, context: &context)
    }
    serveReads(context: &context)
  }

  private mutating func handleSnapshotReply(term: Int, lastIndex: Int, from peer: NodeID, context: inout Context) {
    if term > context.storage.currentTerm {
      stepDown(to: term, context: &context)
      return
    }
    guard role == .leader, term == context.storage.currentTerm else { return }
    matchIndex[peer] = max(matchIndex[peer] ?? 0, lastIndex)
    nextIndex[peer] = max(nextIndex[peer] ?? 1, lastIndex + 1)
    advanceCommitIndex(context: &context)
    if (nextIndex[peer] ?? 0) <= context.storage.log.lastIndex { sendAppendEntries(to: peer, context: &context) }
  }

  /// Commits the highest index a majority stores, if the current term created it (figure 8 of
  /// the paper shows why counting replicas of older entries is unsafe).
  private mutating func advanceCommitIndex(context: inout Context) {
    guard role == .leader else { return }
    let log = context.storage.log
    let term = context.storage.currentTerm
    var index = log.lastIndex
    while index > commitIndex {
      let entryTerm = log.term(at: index) ?? 0
      if entryTerm != term && options.flaw != .commitsEntriesFromEarlierTerms {
        if entryTerm < term { break }
        index -= 1
        continue
      }
      let stored = configuration.filter { $0 == id ? true : (matchIndex[$0] ?? 0) >= index }.count
      if stored >= majority {
        commitIndex = index
        break
      }
      index -= 1
    }
    applyCommitted(context: &context)
  }

  // MARK: - Replication (follower)

  private mutating func handleAppendEntries(
    term: Int, prevLogIndex: Int, prevLogTerm: Int, entries: [Entry], leaderCommit: Int, round: Int,
    from sender: NodeID, context: inout Context
  ) {
    func reply(_ success: Bool, match: Int = 0, conflictIndex: Int = 0, conflictTerm: Int? = nil, context: inout Context) {
      context.send(
        .appendReply(
          term: context.storage.currentTerm, success: success, matchIndex: match, conflictIndex: conflictIndex,
          conflictTerm: conflictTerm, round: round),
        to: sender)
    }
    guard term >= context.storage.currentTerm else { return reply(false, context: &context) }
    acceptLeader(sender, term: term, context: &context)

    // Entries the snapshot already covers are committed, hence identical to the leader's: skip them.
    var prev = prevLogIndex
    var entries = entries[...]
    let snapshotIndex = context.storage.log.snapshotIndex
    if prev < snapshotIndex {
      let covered = snapshotIndex - prev
      if entries.count <= covered { return reply(true, match: prev + entries.count, context: &context) }
      entries = entries.dropFirst(covered)
      prev = snapshotIndex
    } else {
      let log = context.storage.log
      guard prev <= log.lastIndex else {
        return reply(false, conflictIndex: log.lastIndex + 1, context: &context)
      }
      if let have = log.term(at: prev), have != prevLogTerm {
        return reply(false, conflictIndex: log.firstIndex(ofTermAt: prev), conflictTerm: have, context: &context)
      }
    }
    // Append what is new; cut the log only where it conflicts (a late, shorter message must not
    // erase entries a newer one brought).
    var index = prev
    var changed = false
    for entry in entries {
      index += 1
      if let have = context.storage.log.term(at: index) {
        if have == entry.term { continue }
        if index <= commitIndex {
          context.reportIssue("\(id) would overwrite committed entry \(index)")
          return
        }
        context.storage.log.truncate(after: index - 1)
      }
      context.storage.log.append(entry)
      changed = true
    }
    if changed { configuration = context.storage.log.configuration(at: context.storage.log.lastIndex) ?? bootstrap }
    let match = prev + entries.count
    if leaderCommit > commitIndex { commitIndex = max(commitIndex, min(leaderCommit, match)) }
    applyCommitted(context: &context)
    reply(true, match: match, context: &context)
  }

  private mutating func handleInstallSnapshot(
    term: Int, snapshot: RaftSnapshot<Machine>, from sender: NodeID, context: inout Context
  ) {
    guard term >= context.storage.currentTerm else {
      context.send(.snapshotReply(term: context.storage.currentTerm, lastIndex: 0), to: sender)
      return
    }
    acceptLeader(sender, term: term, context: &context)
    if snapshot.lastIndex > commitIndex && snapshot.lastIndex > context.storage.log.snapshotIndex {
      context.storage.log.compact(to: snapshot)
      state = snapshot.state
      commitIndex = snapshot.lastIndex
      lastApplied = snapshot.lastIndex
      configuration = context.storage.log.configuration(at: context.storage.log.lastIndex) ?? bootstrap
      context.log("installed snapshot through \(snapshot.lastIndex)")
    }
    context.send(.snapshotReply(term: context.storage.currentTerm, lastIndex: snapshot.lastIndex), to: sender)
  }

  /// A message from the leader of `term`: follow it, and wait a full timeout before campaigning.
  private mutating func acceptLeader(_ sender: NodeID, term: Int, context: inout Context) {
    if term > context.storage.currentTerm || role != .follower { stepDown(to: term, context: &context) }
    leader = sender
    lastLeaderContact = context.now
    resetElectionTimer(context: &context)
  }

  // MARK: - Applying

  private mutating func applyCommitted(context: inout Context) {
    while lastApplied < commitIndex {
      lastApplied += 1
      guard let entry = context.storage.log.entry(at: lastApplied) else {
        context.reportIssue("\(id) has no entry \(lastApplied) to apply")
        return
      }
      var result: Completion = .ok(nil)
      var fresh = true
      if let origin = entry.origin, let session = state.sessions[origin.client], session.sequence >= origin.sequence {
        // A retried request that is already in the log once: answer as before, apply nothing.
        fresh = false
        result = session.result
        if session.sequence > origin.sequence { continue }
      }
      if fresh, case .command(let command) = entry.payload { result = state.machine.apply(command) }
      guard let origin = entry.origin else { continue }
      state.sessions[origin.client] = ClientSession(sequence: origin.sequence, result: result)
      if role == .leader { context.send(.reply(sequence: origin.sequence, result: result), to: origin.client) }
    }
    // A leader whose own removal is committed steps down.
    if role == .leader, !configuration.contains(id),
      (context.storage.log.lastConfigurationIndex() ?? 0) <= commitIndex
    {
      stepDown(to: context.storage.currentTerm, context: &context)
      leader = nil
    }
    takeSnapshotIfDue(context: &context)
    serveReads(context: &context)
  }

  private mutating func takeSnapshotIfDue(context: inout Context) {
    let log = context.storage.log
    guard let threshold = options.snapshotThreshold, lastApplied - log.snapshotIndex >= threshold else { return }
    let snapshot = RaftSnapshot(
      lastIndex: lastApplied, lastTerm: log.term(at: lastApplied) ?? 0, state: state,
      configuration: log.configuration(at: lastApplied) ?? bootstrap)
    context.storage.log.compact(to: snapshot)
  }

  // MARK: - Clients

  private mutating func handleRequest(_ request: ClientRequest<Machine.Command>, context: inout Context) {
    guard role == .leader else {
      context.send(.redirect(sequence: request.sequence, leader: leader), to: request.client)
      return
    }
    if let session = state.sessions[request.client], session.sequence >= request.sequence {
      if session.sequence == request.sequence {
        context.send(.reply(sequence: request.sequence, result: session.result), to: request.client)
      }
      return
    }
    let origin = Entry.Origin(client: request.client, sequence: request.sequence)
    let term = context.storage.currentTerm
    switch request.operation {
    case .command(let command) where Machine.isReadOnly(command) && options.readMode != .log:
      if options.readMode == .localWithoutCheck {
        var copy = state.machine
        context.send(.reply(sequence: request.sequence, result: copy.apply(command)), to: request.client)
        return
      }
      // Read index: everything committed anywhere is in our log; once an entry of our term is
      // committed, our commit index covers it. Confirm we still lead with one more round.
      let committedInTerm = context.storage.log.term(at: commitIndex) == term
      round += 1
      pendingReads.append(
        PendingRead(
          request: request, command: command,
          readIndex: committedInTerm ? commitIndex : context.storage.log.lastIndex, round: round))
      sendAppendEntries(context: &context)
      serveReads(context: &context)
      return
    case .command(let command):
      guard proposed[request.client] != request.sequence else { return }
      context.storage.log.append(Entry(term: term, payload: .command(command), origin: origin))
    case .addServer(let server), .removeServer(let server):
      // One change at a time, and only once this leader has committed an entry of its own term.
      let log = context.storage.log
      guard (log.lastConfigurationIndex() ?? 0) <= commitIndex, log.term(at: commitIndex) == term,
        proposed[request.client] != request.sequence
      else { return }
      var members = Set(configuration)
      if case .addServer = request.operation { members.insert(server) } else { members.remove(server) }
      context.storage.log.append(Entry(term: term, payload: .configuration(members.sorted()), origin: origin))
      configuration = members.sorted()
      for peer in peers where nextIndex[peer] == nil { nextIndex[peer] = log.lastIndex + 1 }
      context.log("configuration \(configuration.map(\.description).joined(separator: ","))")
    }
    proposed[request.client] = request.sequence
    if let window = options.batchWindow {
      if !flushPending {
        flushPending = true
        context.setTimer(.flush, after: window)
      }
    } else {
      sendAppendEntries(context: &context)
    }
    advanceCommitIndex(context: &context)
  }

  /// Answers the reads whose leadership check has a majority and whose read index is applied.
  private mutating func serveReads(context: inout Context) {
    guard role == .leader, !pendingReads.isEmpty else { return }
    let term = context.storage.currentTerm
    guard context.storage.log.term(at: commitIndex) == term else { return }
    var waiting: [PendingRead] = []
    for read in pendingReads {
      let confirmed = configuration.filter { $0 == id || (answeredRound[$0] ?? 0) >= read.round }.count >= majority
      if confirmed && lastApplied >= read.readIndex {
        var copy = state.machine
        context.send(.reply(sequence: read.request.sequence, result: copy.apply(read.command)), to: read.request.client)
      } else {
        waiting.append(read)
      }
    }
    pendingReads = waiting
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
