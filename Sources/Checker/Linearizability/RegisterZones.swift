/// Decides linearizability of one register whose written values are all distinct, in O(n log n),
/// by Gibbons and Korach's zones ("Testing shared memories", SIAM J. Computing 26(4), 1997).
///
/// With distinct values, a read names the write it saw. Group each write with the reads of its
/// value (a cluster); the initial value is written by a virtual write before everything. A cluster's
/// zone runs between the earliest return and the latest invocation among its operations: when the
/// earliest return comes first, the zone is *forward* and the value must be in the register
/// throughout it. The history is linearizable exactly when every read's write is invoked before the
/// read returns, no two forward zones overlap, and no backward zone lies inside a forward zone.
///
/// A write that never returned counts as taking effect if some read saw its value (it is then open
/// to the end), and as never taking effect otherwise.
struct RegisterZones<State: Hashable> {
  /// One operation as the decider sees it.
  struct Access {
    var isWrite: Bool
    var value: State
    var call: Int
    /// `Int.max` for a write that never returned.
    var returnPosition: Int
  }

  /// Why a part is not linearizable, in words, with the operations (indices into the input) involved.
  struct Violation {
    var reason: String
    var operations: [Int]
  }

  private struct Zone {
    var low: Int, high: Int
    var isForward: Bool
    var value: State
    var members: [Int]
  }

  /// The decision; `notApplicable` when written values repeat (or equal the initial value).
  enum Outcome {
    case notApplicable
    case linearizable
    case violation(Violation)
  }

  static func decide(
    _ accesses: [Access], initial: State, describe: (State) -> String, name: (Int) -> String
  ) -> Outcome {
    var writeOf: [State: Int] = [:]
    for (i, access) in accesses.enumerated() where access.isWrite {
      if access.value == initial || writeOf.updateValue(i, forKey: access.value) != nil { return .notApplicable }
    }
    // Clusters: the write (or the virtual initial write) and the reads of its value.
    var clusters: [State: (low: Int, high: Int, members: [Int])] = [:]
    var readValues = Set<State>()
    for (i, access) in accesses.enumerated() where !access.isWrite {
      readValues.insert(access.value)
      if access.value != initial {
        guard let w = writeOf[access.value] else {
          return .violation(Violation(reason: "\(name(i)) read \(describe(access.value)), which no operation wrote", operations: [i]))
        }
        if accesses[w].call > access.returnPosition {
          return .violation(Violation(
            reason: "\(name(i)) read \(describe(access.value)) and returned before \(name(w)) wrote it", operations: [w, i]))
        }
      }
      var cluster = clusters[access.value] ?? (Int.max, Int.min, [])
      cluster.low = min(cluster.low, access.returnPosition)
      cluster.high = max(cluster.high, access.call)
      cluster.members.append(i)
      clusters[access.value] = cluster
    }
    for (value, w) in writeOf {
      // A write never answered and never read need not have happened.
      if accesses[w].returnPosition == Int.max && !readValues.contains(value) { continue }
      var cluster = clusters[value] ?? (Int.max, Int.min, [])
      cluster.low = min(cluster.low, accesses[w].returnPosition)
      cluster.high = max(cluster.high, accesses[w].call)
      cluster.members.append(w)
      clusters[value] = cluster
    }
    if var initialCluster = clusters[initial] {
      initialCluster.low = -1  // the virtual initial write returns before everything
      clusters[initial] = initialCluster
    }
    var forward: [Zone] = []
    var backward: [Zone] = []
    for (value, cluster) in clusters {
      if cluster.low < cluster.high {
        forward.append(Zone(low: cluster.low, high: cluster.high, isForward: true, value: value, members: cluster.members))
      } else {
        backward.append(Zone(low: cluster.high, high: cluster.low, isForward: false, value: value, members: cluster.members))
      }
    }
    forward.sort { $0.low < $1.low }
    for (a, b) in zip(forward, forward.dropFirst()) where b.low < a.high {
      return .violation(Violation(
        reason: "the values \(describe(a.value)) and \(describe(b.value)) must both stay in the register over overlapping spans",
        operations: (a.members + b.members).sorted()))
    }
    for zone in backward {
      // The forward zone starting last before this one is the only one that could contain it.
      var lo = 0, hi = forward.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if forward[mid].low < zone.low { lo = mid + 1 } else { hi = mid }
      }
      if lo > 0, forward[lo - 1].high > zone.high {
        let outer = forward[lo - 1]
        return .violation(Violation(
          reason: "\(describe(zone.value)) is written\(zone.members.count > 1 ? " and read" : "") entirely within the span"
            + " where \(describe(outer.value)) must stay in the register",
          operations: (outer.members + zone.members).sorted()))
      }
    }
    return .linearizable
  }
}
