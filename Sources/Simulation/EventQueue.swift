import HeapModule

/// The simulator's pending events, ordered by (virtual time, sequence number).
///
/// The heap holds only small fixed-size keys; the events themselves wait in a slab and are moved
/// exactly twice (in and out), so sifting never copies a message. The sequence number is unique
/// and grows as events are scheduled, so events due at the same instant run in scheduling order
/// and the order never depends on hashing.
struct EventQueue<Event> {
  struct Key: Comparable {
    var time: Int64
    var sequence: UInt64
    var slot: Int32

    @inline(__always)
    static func < (lhs: Key, rhs: Key) -> Bool {
      lhs.time != rhs.time ? lhs.time < rhs.time : lhs.sequence < rhs.sequence
    }

    @inline(__always)
    static func == (lhs: Key, rhs: Key) -> Bool { lhs.sequence == rhs.sequence }
  }

  private var heap = Heap<Key>()
  private var slab: [Event?] = []
  private var freeSlots: [Int32] = []
  /// The sequence number the next scheduled event gets.
  private(set) var nextSequence: UInt64 = 0

  /// Adds an event due at `time` (nanoseconds).
  @inline(__always)
  mutating func insert(_ event: Event, at time: Int64) {
    let slot: Int32
    if let free = freeSlots.popLast() {
      slot = free
      slab[Int(free)] = event
    } else {
      slot = Int32(slab.count)
      slab.append(event)
    }
    heap.insert(Key(time: time, sequence: nextSequence, slot: slot))
    nextSequence &+= 1
  }

  /// Removes and returns the earliest event and its time.
  @inline(__always)
  mutating func popMin() -> (time: Int64, event: Event)? {
    guard let key = heap.popMin() else { return nil }
    let event = slab[Int(key.slot)].take()!
    freeSlots.append(key.slot)
    return (key.time, event)
  }

  /// Removes and returns the earliest-scheduled event (lowest sequence number) that satisfies
  /// `matches`, whatever its time. Linear in the queue's size: for replays, not for the run loop.
  mutating func removeFirstScheduled(where matches: (Event) -> Bool) -> (time: Int64, event: Event)? {
    var best: Key? = nil
    for key in heap.unordered where matches(slab[Int(key.slot)]!) {
      if best == nil || key.sequence < best!.sequence { best = key }
    }
    guard let found = best else { return nil }
    heap = Heap(heap.unordered.filter { $0.sequence != found.sequence })
    let event = slab[Int(found.slot)].take()!
    freeSlots.append(found.slot)
    return (found.time, event)
  }

  /// The time of the earliest event.
  var minTime: Int64? { heap.min?.time }

  /// Number of pending events.
  var count: Int { heap.count }
}
