import Crypto

/// The hash every part of Lab 03 places names with: SHA-1, as Chord uses (Stoica et al. 2001),
/// cut to 64 bits. It is the same on every machine and in every run, unlike Swift's `Hasher`.
///
/// Given, not a task.
public enum StableHash {
  /// The first eight bytes of SHA-1 of the text's UTF-8 bytes, read big-endian.
  public static func of(_ text: String) -> UInt64 {
    prefix(Insecure.SHA1.hash(data: Array(text.utf8)))
  }

  /// The first eight bytes of SHA-1 of the value's eight bytes (big-endian).
  public static func of(_ value: UInt64) -> UInt64 {
    prefix(Insecure.SHA1.hash(data: (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }))
  }

  /// The top `bits` bits of the text's hash: an identifier on a circle of 2^bits points (1...64).
  public static func identifier(_ text: String, bits: Int) -> UInt64 {
    precondition((1...64).contains(bits), "an identifier has 1 to 64 bits")
    return of(text) >> (64 - UInt64(bits))
  }

  private static func prefix(_ digest: Insecure.SHA1Digest) -> UInt64 {
    var value: UInt64 = 0
    for (i, byte) in digest.enumerated() where i < 8 { value = value << 8 | UInt64(byte) }
    return value
  }
}
