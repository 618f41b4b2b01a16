/// Search events as 64-bit codes, so that sleep sets hold, compare and test independence of plain
/// integers: the kind in bits 60–63, the node's cluster position plus one in bits 32–59 (0 for a
/// drop or a duplicate, which change no node), and the envelope or timer number in bits 0–31.
/// Equal events have equal codes, since the numbers come from the encoder's tables.
extension StateEncoder {
  /// The code of no event (the initial state's incoming one).
  static var noEvent: UInt64 { .max }

  private static var deliverKind: UInt64 { 0 }
  private static var fireKind: UInt64 { 1 }
  private static var dropKind: UInt64 { 2 }
  private static var duplicateKind: UInt64 { 3 }
  private static var crashKind: UInt64 { 4 }
  private static var restartKind: UInt64 { 5 }

  @inline(__always)
  private static func code(_ kind: UInt64, node: Int, number: UInt32) -> UInt64 {
    kind << 60 | UInt64(node) << 32 | UInt64(number)
  }

  /// The codes of the events enabled in the state of `record`, in `Explorer.enabledEvents(in:)`'s
  /// order, read from the record alone (equal messages have equal numbers).
  func enabledCodes(
    in record: [UInt32], faults: ExplorationFaults, timerOrder: TimerOrder, into codes: inout [UInt64]
  ) {
    codes.clear()
    record.withUnsafeBufferPointer { words in
      let n = nodeCount
      let length = Int(words[StateRecord.identityLengthWord])
      let k = Int(words[StateRecord.networkCountWord])
      let t = Int(words[StateRecord.timerCountWord])
      let timersStart = StateRecord.slotsStart + n
      let orderStart = length + n
      /// Whether the message at `position` is the first of its equal copies.
      func isFirstCopy(_ position: Int) -> Bool {
        for earlier in orderStart..<orderStart + position where words[earlier] == words[orderStart + position] {
          return false
        }
        return true
      }
      func isUp(_ node: Int) -> Bool { slotIsUp[Int(words[StateRecord.slotsStart + node])] }
      for position in 0..<k where isFirstCopy(position) {
        let number = words[orderStart + position]
        codes.append(Self.code(Self.deliverKind, node: Int(destinations[Int(number)]) + 1, number: number))
      }
      // Timers are grouped by node in cluster order, so each group is one node's.
      let timersEnd = timersStart + t
      var groupStart = timersStart
      while groupStart < timersEnd {
        let node = pendingTimerKeys[Int(words[groupStart])].node
        var groupEnd = groupStart + 1
        while groupEnd < timersEnd && pendingTimerKeys[Int(words[groupEnd])].node == node { groupEnd += 1 }
        defer { groupStart = groupEnd }
        guard isUp(node) else { continue }
        var earliest = Int64.max
        if timerOrder == .deadline {
          for i in groupStart..<groupEnd { earliest = min(earliest, pendingTimerKeys[Int(words[i])].remaining) }
        }
        let first = codes.count
        for i in groupStart..<groupEnd {
          let key = pendingTimerKeys[Int(words[i])]
          if timerOrder == .deadline && key.remaining != earliest { continue }
          let code = Self.code(Self.fireKind, node: node + 1, number: key.value)
          if !(first..<codes.count).contains(where: { codes[$0] == code }) { codes.append(code) }
        }
      }
      let dropsUsed = Int(words[StateRecord.dropsWord]), duplicatesUsed = Int(words[StateRecord.duplicatesWord])
      if dropsUsed < faults.drops {
        for position in 0..<k where isFirstCopy(position) {
          codes.append(Self.code(Self.dropKind, node: 0, number: words[orderStart + position]))
        }
      }
      if duplicatesUsed < faults.duplicates {
        for position in 0..<k where isFirstCopy(position) {
          codes.append(Self.code(Self.duplicateKind, node: 0, number: words[orderStart + position]))
        }
      }
      if Int(words[StateRecord.crashesWord]) < faults.crashes {
        for node in 0..<n where isUp(node) { codes.append(Self.code(Self.crashKind, node: node + 1, number: 0)) }
      }
      if faults.restarts {
        for node in 0..<n where !isUp(node) { codes.append(Self.code(Self.restartKind, node: node + 1, number: 0)) }
      }
    }
  }

  /// The event whose code is `code`.
  func event(for code: UInt64) -> SearchEvent<N> {
    let number = UInt32(truncatingIfNeeded: code)
    // Codes are made only of enabled events, whose nodes are members.
    let position = Int((code >> 32) & 0x0FFF_FFFF) - 1
    let node = nodeIDs.indices.contains(position) ? nodeIDs[position] : NodeID(-1)
    switch code >> 60 {
    case Self.deliverKind: return .deliver(envelopes[number])
    case Self.fireKind: return .fire(node, timers[number])
    case Self.dropKind: return .drop(envelopes[number])
    case Self.duplicateKind: return .duplicate(envelopes[number])
    case Self.crashKind: return .crash(node)
    default: return .restart(node)
    }
  }

  /// Two events commute (either order reaches the same state) and neither disables the other:
  /// they change different nodes, do not both spend a fault budget of the network or of crashes,
  /// and a drop or duplicate is not of the message the other delivers.
  @inline(__always)
  static func independent(_ a: UInt64, _ b: UInt64) -> Bool {
    let nodeA = (a >> 32) & 0x0FFF_FFFF, nodeB = (b >> 32) & 0x0FFF_FFFF
    if nodeA != 0 && nodeA == nodeB { return false }
    let kindA = a >> 60, kindB = b >> 60
    let networkFaultA = kindA == dropKind || kindA == duplicateKind
    let networkFaultB = kindB == dropKind || kindB == duplicateKind
    if networkFaultA && networkFaultB { return false }
    if kindA == crashKind && kindB == crashKind { return false }
    if (networkFaultA && kindB == deliverKind) || (kindA == deliverKind && networkFaultB) {
      return UInt32(truncatingIfNeeded: a) != UInt32(truncatingIfNeeded: b)
    }
    return true
  }
}
