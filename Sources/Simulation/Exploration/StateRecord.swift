/// The layout of a compact state record: a search state as 32-bit words, each part of it replaced by
/// its number in one of `StateEncoder`'s tables (the idea of SPIN's collapse compression:
/// Holzmann, "State compression in SPIN", 1997).
///
///     identity: [length of the identity, network count k, timer count t, drops, duplicates, crashes]
///               [n node-slot numbers] [t pending-timer numbers] [k envelope numbers, ascending]
///     extras:   [n clock numbers] [k envelope numbers in network order]
///
/// Two states are equal exactly when their identity words are (sorting the envelope numbers makes the
/// network a multiset); the extras rebuild the state as it was first found.
enum StateRecord {
  static let identityLengthWord = 0
  static let networkCountWord = 1
  static let timerCountWord = 2
  static let dropsWord = 3
  static let duplicatesWord = 4
  static let crashesWord = 5
  /// Where the node-slot numbers start.
  static let slotsStart = 6

  /// The number of identity words of `record`.
  @inline(__always)
  static func identityLength(_ record: [UInt32]) -> Int { Int(record[identityLengthWord]) }
}
