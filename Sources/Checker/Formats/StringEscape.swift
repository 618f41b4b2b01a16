/// The backslash escapes the JSON and EDN readers share: `\n \t \r \b \f \" \\ \/` and `\uXXXX`.
enum StringEscape {
  /// What the escape starting at `position` (the byte after the backslash) stands for, and how
  /// many bytes it used; nil for an unknown escape or a `\u` without four hex digits.
  static func decode(_ bytes: [UInt8], at position: Int) -> (utf8: [UInt8], length: Int)? {
    guard position < bytes.count else { return nil }
    switch bytes[position] {
    case UInt8(ascii: "n"): return ([UInt8(ascii: "\n")], 1)
    case UInt8(ascii: "t"): return ([UInt8(ascii: "\t")], 1)
    case UInt8(ascii: "r"): return ([UInt8(ascii: "\r")], 1)
    case UInt8(ascii: "b"): return ([8], 1)
    case UInt8(ascii: "f"): return ([12], 1)
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return ([bytes[position]], 1)
    case UInt8(ascii: "u"):
      guard position + 5 <= bytes.count,
        let code = UInt32(String(decoding: bytes[position + 1..<position + 5], as: UTF8.self), radix: 16),
        let scalar = Unicode.Scalar(code)
      else { return nil }
      return (Array(String(Character(scalar)).utf8), 5)
    default:
      return nil
    }
  }
}
