/// The fixed code-point sets of ECMA-262 class escapes (`\d`, `\w`, `\s`) and `.`.
enum ClassEscapes {
  /// `\d`: ASCII digits only (ECMA-262, even with the `u` flag).
  static let digit = CodePointSet(ranges: [0x30...0x39])
  /// `\w`: ASCII letters, digits and `_` (no `i` flag in JSON Schema).
  static let word = CodePointSet(ranges: [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
  /// `\s`: ECMA-262 WhiteSpace and LineTerminator (tab, VT, FF, space, NBSP, ZWNBSP, Zs,
  /// LF, CR, LS, PS).
  static let space = CodePointSet(ranges: [
    0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A,
    0x2028...0x2029, 0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
  ])
  /// The line terminators `.` excludes: LF, CR, U+2028, U+2029.
  static let lineTerminators = CodePointSet(ranges: [0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029])
  /// `.` without the `s` flag.
  static let dot = lineTerminators.inverted
}

extension CodePointSet {
  /// `\d` (ASCII digits).
  public static let ecmaDigit = ClassEscapes.digit
  /// `\w` (ASCII word characters).
  public static let ecmaWord = ClassEscapes.word
  /// `\s` (ECMA-262 white space and line terminators).
  public static let ecmaSpace = ClassEscapes.space
  /// `.` (any code point but a line terminator).
  public static let ecmaDot = ClassEscapes.dot
}
