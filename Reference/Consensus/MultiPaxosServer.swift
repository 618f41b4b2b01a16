import Simulation

extension MultiPaxos {
  /// A Multi-Paxos server: acceptor and learner of every slot, proposer while it leads, and a
  /// replica of the state machine (the applied commands, each client's once).
  ///
  /// The acceptor's promise and acceptances, the last round and the chosen log are on stable
  /// storage; everything here is volatile and rebuilt from the chosen log in `start`.
  public struct Server: Hashable, Sendable {
    /// What the server is doing: following a leader, running phase 1, or leading.
    public enum Role: Hashable, Sendable {
      case follower, candidate, leader
    }

    /// Running totals for measurements; volatile (they restart from zero after a crash).
    public struct Counters: Hashable, Sendable {
      /// Messages sent over the network (messages to itself are handled in place and not counted).
      public internal(set) var messagesSent = 0
      /// Messages received over the network.
      public internal(set) var messagesReceived = 0
      /// Heartbeats the leader sent (part of `messagesSent`).
      public internal(set) var heartbeatsSent = 0
      /// Ballots this server started (phase 1 runs).
      public internal(set) var ballotsStarted = 0
      /// Slots proposed as leader, with a new leader's re-proposals.
      public internal(set) var slotsProposed = 0
      /// New client commands proposed as leader.
      public internal(set) var commandsProposed = 0
    }

    /// A proposal in flight: the value and who accepted it in the leader's ballot.
    struct Proposal: Hashable, Sendable {
      var value: Batch
      /// When the leader last sent it (local time); it is resent after a heartbeat interval unanswered.
      var sentAt: Duration
      var acceptedBy: Set<NodeID> = []
    }

    /// What one acceptor reported in phase 1.
    struct Promise: Hashable, Sendable {
      var accepted: [Int: Acceptance]
      var chosen: [Entry]
    }

    /// A client's last applied command: its sequence number and slot.
    struct Applied: Hashable, Sendable {
      var sequence: Int
      var slot: Int
    }

    /// The most chosen slots one `chosen` message carries.
    static let catchUpLimit = 256

    /// This server.
    public let id: NodeID
    /// The servers, sorted (including this one).
    public let peers: [NodeID]
    /// The most commands in one slot; 1 proposes every command alone, at once.
    public let maxBatch: Int
    /// How often the leader sends heartbeats and resends unanswered proposals.
    public let heartbeatInterval: Duration
    /// The shortest wait for a silent leader; each wait is random in `electionTimeout ..< 2·electionTimeout`.
    public let electionTimeout: Duration

    /// Following, running phase 1, or leading.
    public internal(set) var role = Role.follower
    /// The last ballot this server started as a proposer.
    public internal(set) var ballot: Ballot?
    /// The leader this server follows (itself while it leads), if it knows one.
    public internal(set) var leader: NodeID?
    /// The state machine: every command of the chosen prefix, in order, each (client, sequence) once.
    public internal(set) var applied: [Command] = []
    /// The first slot not yet applied.
    public internal(set) var firstUnapplied = 0
    /// Counts for measurements.
    public internal(set) var counters = Counters()

    /// Per client, the last command applied (to drop duplicates and answer retries).
    var latest: [NodeID: Applied] = [:]
    /// When to suspect the leader (local time).
    var electionDeadline = Duration.zero
    /// The highest `commit` a leader announced: how far this server knows the log is chosen.
    var leaderCommit = 0
    /// The candidate's promises so far.
    var promises: [NodeID: Promise] = [:]
    /// The leader's proposals not yet chosen, by slot.
    var proposals: [Int: Proposal] = [:]
    /// The leader's next free slot.
    var nextSlot = 0
    /// Commands waiting for a slot (only while a batch is in flight).
    var queue: [Command] = []
    /// Per client, the highest sequence number this leader has queued or proposed.
    var proposedUpTo: [NodeID: Int] = [:]
    /// Per client, the sequence number whose answer the client waits for from this leader.
    var waiting: [NodeID: Int] = [:]
    /// When the leader last sent each follower something (local time): a follower that heard from
    /// it within the last heartbeat interval needs no heartbeat.
    var lastSent: [NodeID: Duration] = [:]

    init(id: NodeID, peers: [NodeID], maxBatch: Int, heartbeatInterval: Duration, electionTimeout: Duration) {
      self.id = id
      self.peers = peers.sorted()
      self.maxBatch = max(1, maxBatch)
      self.heartbeatInterval = heartbeatInterval
      self.electionTimeout = electionTimeout
    }

    /// True while this server leads.
    public var isLeader: Bool { role == .leader }

    var majority: Int { peers.count / 2 + 1 }

    mutating func start(context: inout Context<MultiPaxos>) {
      // Replay the chosen prefix kept on stable storage: the state machine and the duplicate table.
      apply(context: &context)
      resetElectionDeadline(context: &context)
      context.setTimer(.election, after: electionDeadline - context.now)
    }

    mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<MultiPaxos>) {
      counters.messagesReceived += 1
      handle(message, from: sender, context: &context)
    }

    mutating func timerFired(_ timer: Timer, context: inout Context<MultiPaxos>) {
      switch timer {
      case .election:
        // One election timer is always pending; it fires at the deadline and is set again.
        if role == .leader {
          resetElectionDeadline(context: &context)
        } else if context.now >= electionDeadline {
          startBallot(context: &context)
          resetElectionDeadline(context: &context)
        }
        context.setTimer(.election, after: electionDeadline - context.now)
      case .heartbeat(let b):
        guard role == .leader, b == ballot else { return }  // from an earlier leadership
        sendHeartbeats(context: &context)
        context.setTimer(.heartbeat(b), after: heartbeatInterval)
      case .retry:
        break
      }
    }

    mutating func handle(_ message: Message, from sender: NodeID, context: inout Context<MultiPaxos>) {
      switch message {
      case .request(let command): onRequest(command, from: sender, context: &context)
      case .prepare(let b, let from): onPrepare(b, from: from, sender: sender, context: &context)
      case .promise(let b, let accepted, let chosen):
        onPromise(b, Promise(accepted: accepted, chosen: chosen), from: sender, context: &context)
      case .accept(let b, let entries, let commit):
        onAccept(b, entries: entries, commit: commit, from: sender, context: &context)
      case .accepted(let b, let slots): onAccepted(b, slots: slots, from: sender, context: &context)
      case .heartbeat(let b, let commit): onHeartbeat(b, commit: commit, from: sender, context: &context)
      case .nack(let b, let promised): onNack(b, promised: promised, context: &context)
      case .catchUp(let from): onCatchUp(from: from, sender: sender, context: &context)
      case .chosen(let entries): onChosen(entries, context: &context)
      case .reply, .redirect:
        context.reportIssue("server \(id) got a client-bound message from \(sender)")
      }
    }

    /// Sends to another node; a message to itself is handled at once, as the network would only
    /// delay or lose it.
    mutating func post(_ message: Message, to destination: NodeID, context: inout Context<MultiPaxos>) {
      if destination == id {
        handle(message, from: id, context: &context)
      } else {
        counters.messagesSent += 1
        if role == .leader { lastSent[destination] = context.now }
        context.send(message, to: destination)
      }
    }

    /// Posts to every server, itself first.
    mutating func broadcast(_ message: Message, context: inout Context<MultiPaxos>) {
      post(message, to: id, context: &context)
      for peer in peers where peer != id { post(message, to: peer, context: &context) }
    }

    /// Gives up candidacy or leadership and everything that belongs to it.
    mutating func stepDown() {
      role = .follower
      promises = [:]
      proposals = [:]
      queue = []
      proposedUpTo = [:]
      waiting = [:]
      lastSent = [:]
    }

    /// Picks the next moment to suspect the leader: a random wait in `electionTimeout ..< 2·electionTimeout`.
    mutating func resetElectionDeadline(context: inout Context<MultiPaxos>) {
      let jitter = Int64(context.random.next() % UInt64(max(1, electionTimeout.nanosecondCount)))
      electionDeadline = context.now + electionTimeout + .nanoseconds(jitter)
    }
  }
}
