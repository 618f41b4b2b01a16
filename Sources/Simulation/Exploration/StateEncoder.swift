/// Numbers every part of the states of one search (node slots, envelopes, pending timers, timer
/// values, clocks) and turns states into compact records (`StateRecord`) and back.
struct StateEncoder<N: Node> {
  let nodeIDs: [NodeID]
  let nodeCount: Int
  /// Each node's state and storage (the clock is not part of a slot's identity).
  private var slots = InternTable<NodeSlot<N>>()
  /// Whether the node is up, by slot number.
  private(set) var slotIsUp: [Bool] = []
  private(set) var envelopes = InternTable<Envelope<N.Message>>()
  /// The cluster position of each envelope's destination, by envelope number.
  private(set) var destinations: [UInt32] = []
  private var pendingTimers = InternTable<PendingTimer<N.Timer>>()
  /// The node, timer-value number and remaining time of each pending timer, by its number.
  private(set) var pendingTimerKeys: [PendingTimerKey] = []
  /// Timer values, for the codes of timer events.
  private(set) var timers = InternTable<N.Timer>()
  private var clocks = InternTable<Int64>()

  init(nodeIDs: [NodeID]) {
    self.nodeIDs = nodeIDs
    self.nodeCount = nodeIDs.count
  }

  // MARK: - Encoding

  /// Writes the record of `state` at the start of `record` and returns its fingerprint (a hash of
  /// the identity words), numbering every part of it.
  mutating func encode(_ state: SearchState<N>, into record: inout [UInt32]) -> Int {
    let n = nodeCount
    resize(&record, for: state)
    return record.withUnsafeMutableBufferPointer { words in
      let length = writeHeader(state, into: words)
      let orderStart = length + n
      for i in 0..<n {
        words[StateRecord.slotsStart + i] = number(ofSlot: state.slots[i])
        words[length + i] = number(ofClock: state.slots[i].clock)
      }
      for i in state.timers.indices { words[StateRecord.slotsStart + n + i] = number(of: state.timers[i]) }
      let networkStart = length - state.network.count
      for i in state.network.indices {
        let number = number(of: state.network[i])
        words[orderStart + i] = number
        Self.insert(number, sortedFrom: networkStart, count: i, in: words)
      }
      return fingerprint(words)
    }
  }

  /// Writes the record of `state`, which a step that made `changes` took from `parent` (whose
  /// record starts `parentRecord`), at the start of `record` and returns its fingerprint. Only what the step
  /// changed is looked up; the rest is copied from `parentRecord`. Refreshes the hash of the node
  /// the step touched (`perform` was told not to), unless the node is unchanged.
  mutating func encode(
    _ state: inout SearchState<N>, steppedFrom parent: SearchState<N>, record parentRecord: [UInt32],
    changes: StepChanges, into record: inout [UInt32]
  ) -> Int {
    let n = nodeCount, k = state.network.count, t = state.timers.count
    resize(&record, for: state)
    return record.withUnsafeMutableBufferPointer { words in
      parentRecord.withUnsafeBufferPointer { parentWords in
        let length = writeHeader(state, into: words)
        let parentLength = Int(parentWords[StateRecord.identityLengthWord])
        let parentK = Int(parentWords[StateRecord.networkCountWord])
        let parentT = Int(parentWords[StateRecord.timerCountWord])
        let touched = changes.touched ?? -1
        for i in 0..<n {
          if i == touched {
            // `perform` left the node's old hash, which is right if the node did not change.
            if state.slots[i] == parent.slots[i] {
              words[StateRecord.slotsStart + i] = parentWords[StateRecord.slotsStart + i]
            } else {
              state.refreshComponents(i)
              words[StateRecord.slotsStart + i] = number(ofSlot: state.slots[i])
            }
            let clock = state.slots[i].clock
            words[length + i] =
              clock == parent.slots[i].clock ? parentWords[parentLength + i] : number(ofClock: clock)
          } else {
            words[StateRecord.slotsStart + i] = parentWords[StateRecord.slotsStart + i]
            words[length + i] = parentWords[parentLength + i]
          }
        }
        // The other nodes' timers are the parent's, in the same order.
        let timersStart = StateRecord.slotsStart + n
        var j = timersStart
        let parentTimersEnd = j + parentT
        for i in 0..<t {
          if state.timers[i].node == touched {
            words[timersStart + i] = number(of: state.timers[i])
          } else {
            while j < parentTimersEnd && pendingTimerKeys[Int(parentWords[j])].node == touched { j += 1 }
            words[timersStart + i] = parentWords[j]
            j += 1
          }
        }
        // The network is the parent's without the removed message, then the messages just sent;
        // so is the sorted multiset, with the sent ones inserted in order.
        let orderStart = length + n
        let parentOrderStart = parentLength + n
        let removed = changes.removedMessage ?? -1
        var kept = 0
        for position in 0..<parentK where position != removed {
          words[orderStart + kept] = parentWords[parentOrderStart + position]
          kept += 1
        }
        let networkStart = length - k
        var skipped = removed < 0
        let removedNumber = skipped ? 0 : parentWords[parentOrderStart + removed]
        var sorted = 0
        for position in parentLength - parentK..<parentLength {
          let number = parentWords[position]
          if !skipped && number == removedNumber {
            skipped = true
          } else {
            words[networkStart + sorted] = number
            sorted += 1
          }
        }
        for i in kept..<k {
          let number = number(of: state.network[i])
          words[orderStart + i] = number
          Self.insert(number, sortedFrom: networkStart, count: i, in: words)
        }
        return fingerprint(words)
      }
    }
  }

  /// Makes `record` long enough for the record of `state` (a record buffer never shrinks: the
  /// record's own length is in its header, see `length(of:)`).
  private func resize(_ record: inout [UInt32], for state: SearchState<N>) {
    let total = StateRecord.slotsStart + 2 * nodeCount + state.timers.count + 2 * state.network.count
    if record.count < total { record.append(contentsOf: repeatElement(0, count: total - record.count)) }
  }

  /// The length of the record at the start of `words`.
  func length(of words: [UInt32]) -> Int {
    Int(words[StateRecord.identityLengthWord]) + nodeCount + Int(words[StateRecord.networkCountWord])
  }

  /// Writes the header of the record of `state` and returns the identity's length.
  private func writeHeader(_ state: SearchState<N>, into words: UnsafeMutableBufferPointer<UInt32>) -> Int {
    let length = StateRecord.slotsStart + nodeCount + state.timers.count + state.network.count
    words[StateRecord.identityLengthWord] = UInt32(truncatingIfNeeded: length)
    words[StateRecord.networkCountWord] = UInt32(truncatingIfNeeded: state.network.count)
    words[StateRecord.timerCountWord] = UInt32(truncatingIfNeeded: state.timers.count)
    words[StateRecord.dropsWord] = UInt32(truncatingIfNeeded: state.dropsUsed)
    words[StateRecord.duplicatesWord] = UInt32(truncatingIfNeeded: state.duplicatesUsed)
    words[StateRecord.crashesWord] = UInt32(truncatingIfNeeded: state.crashesUsed)
    return length
  }

  /// Inserts `number` into the ascending run of `count` words from `start`, which has room after it.
  @inline(__always)
  private static func insert(
    _ number: UInt32, sortedFrom start: Int, count: Int, in words: UnsafeMutableBufferPointer<UInt32>
  ) {
    var j = start + count
    while j > start && words[j - 1] > number {
      words[j] = words[j - 1]
      j -= 1
    }
    words[j] = number
  }

  /// The fingerprint of the record at the start of `words`: a hash of its identity words, two
  /// 64-bit lanes at a time (so that the two multiply chains overlap).
  private func fingerprint(_ words: UnsafeMutableBufferPointer<UInt32>) -> Int {
    let length = Int(words[StateRecord.identityLengthWord])
    var even = FingerprintMixer(), odd = FingerprintMixer(seed: 0x1319_8A2E_0370_7344)
    var i = 0
    while i + 3 < length {
      even.add(Int(words[i]) | Int(words[i + 1]) << 32)
      odd.add(Int(words[i + 2]) | Int(words[i + 3]) << 32)
      i += 4
    }
    while i < length {
      even.add(Int(words[i]))
      i += 1
    }
    even.add(odd.value)
    return even.value
  }

  @inline(__always)
  private mutating func number(ofSlot slot: NodeSlot<N>) -> UInt32 {
    let count = slotIsUp.count
    let number = slots.number(of: slot, hash: slot.hash)
    if number == count { slotIsUp.append(slot.node != nil) }
    return number
  }

  @inline(__always)
  private mutating func number(of timer: PendingTimer<N.Timer>) -> UInt32 {
    let count = pendingTimerKeys.count
    let number = pendingTimers.number(of: timer, hash: timer.identityHash)
    if number == count {
      let value = timers.number(of: timer.timer, hash: timer.timerHash)
      pendingTimerKeys.append(PendingTimerKey(node: timer.node, value: value, remaining: timer.remaining))
    }
    return number
  }

  @inline(__always)
  private mutating func number(ofClock clock: Int64) -> UInt32 {
    clocks.number(of: clock, hash: FingerprintMixer.mix(Int(truncatingIfNeeded: clock)))
  }

  /// The number of `envelope`, noting its destination if it is new.
  @inline(__always)
  mutating func number(of envelope: Envelope<N.Message>) -> UInt32 {
    let count = destinations.count
    let number = envelopes.number(of: envelope, hash: envelope.fingerprint)
    if number == count { destinations.append(UInt32(nodeIDs.firstIndex(of: envelope.to) ?? nodeCount)) }
    return number
  }

  // MARK: - Decoding

  /// Whether the record at the start of `record` rebuilds `state` exactly (identity, clocks and
  /// network order): a check of the incremental encoding, for debug builds.
  func rebuilds(_ state: SearchState<N>, from record: [UInt32]) -> Bool {
    var rebuilt = state
    decode(record[..<length(of: record)], into: &rebuilt)
    return rebuilt == state && rebuilt.network == state.network && rebuilt.clocks == state.clocks
  }

  /// Makes `state` the state of `record`, reusing its buffers (`state` must have this cluster's
  /// nodes). Its fingerprint is left stale.
  func decode(_ record: ArraySlice<UInt32>, into state: inout SearchState<N>) {
    state.fingerprintIsStale = true
    record.withUnsafeBufferPointer { words in
      let length = Int(words[StateRecord.identityLengthWord])
      let k = Int(words[StateRecord.networkCountWord])
      let t = Int(words[StateRecord.timerCountWord])
      state.dropsUsed = Int(words[StateRecord.dropsWord])
      state.duplicatesUsed = Int(words[StateRecord.duplicatesWord])
      state.crashesUsed = Int(words[StateRecord.crashesWord])
      state.slots.withUnsafeMutableBufferPointer { slots in
        for i in 0..<nodeCount {
          slots[i] = self.slots[words[StateRecord.slotsStart + i]]
          slots[i].clock = clocks[words[length + i]]
        }
      }
      state.timers.overwrite(count: t) { pendingTimers[words[StateRecord.slotsStart + nodeCount + $0]] }
      state.network.overwrite(count: k) { envelopes[words[length + nodeCount + $0]] }
      state.networkHash = 0
      for envelope in state.network { state.networkHash &+= envelope.fingerprint }
    }
  }
}

/// What the search reads of a pending timer many times over: its node, the number of its timer
/// value, and the time remaining.
struct PendingTimerKey {
  var node: Int
  var value: UInt32
  var remaining: Int64
}
