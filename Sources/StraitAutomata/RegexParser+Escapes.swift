/// A class member: one code point or a set (from a class escape).
enum ClassAtom {
  case char(UInt32)
  case set(CodePointSet)

  var set: CodePointSet {
    switch self {
    case .char(let c): return .single(c)
    case .set(let s): return s
    }
  }
}

extension Cursor {
  /// Parses an escape outside a class (the cursor is on the backslash).
  mutating func parseAtomEscape() throws(RegexParseError) -> RegexNode {
    let start = i
    guard let c = peek(1) else { throw error("'\\' at end of pattern") }
    switch c {
    case 0x62:  // b
      throw error("word boundary \\b", at: start, kind: .notRegular)
    case 0x42:  // B
      throw error("non-word boundary \\B", at: start, kind: .notRegular)
    case 0x31...0x39:
      var j = i + 1
      var n = 0
      while j < scalars.count, scalars[j] >= 0x30, scalars[j] <= 0x39, n < 100_000 {
        n = n * 10 + Int(scalars[j] - 0x30)
        j += 1
      }
      throw error("back-reference \\\(n)", at: start, kind: .notRegular)
    case 0x6B:  // k
      if peekIs("<", 2) {
        throw error("named back-reference \\k<...>", at: start, kind: .notRegular)
      }
      throw error("invalid escape \\k (expected \\k<name>)", at: start)
    default:
      return .charSet(try parseEscape(inClass: false).set)
    }
  }

  /// Parses an escape valid both inside and outside classes (the cursor is on the
  /// backslash); leaves the cursor after it.
  mutating func parseEscape(inClass: Bool) throws(RegexParseError) -> ClassAtom {
    let start = i
    guard let c = peek(1) else { throw error("'\\' at end of pattern") }
    i += 2
    switch c {
    case 0x74: return .char(0x09)  // t
    case 0x6E: return .char(0x0A)  // n
    case 0x76: return .char(0x0B)  // v
    case 0x66: return .char(0x0C)  // f
    case 0x72: return .char(0x0D)  // r
    case 0x64: return .set(ClassEscapes.digit)  // d
    case 0x44: return .set(ClassEscapes.digit.inverted)  // D
    case 0x77: return .set(ClassEscapes.word)  // w
    case 0x57: return .set(ClassEscapes.word.inverted)  // W
    case 0x73: return .set(ClassEscapes.space)  // s
    case 0x53: return .set(ClassEscapes.space.inverted)  // S
    case 0x30:  // 0
      if let d = peek(), d >= 0x30, d <= 0x39 {
        throw error("octal escapes are not allowed (\\0 followed by a digit)", at: start)
      }
      return .char(0)
    case 0x63:  // c
      guard let l = peek(), (l >= 0x41 && l <= 0x5A) || (l >= 0x61 && l <= 0x7A) else {
        throw error("\\c must be followed by an ASCII letter", at: start)
      }
      i += 1
      return .char(l % 32)
    case 0x78:  // x
      guard let h = hexValue(count: 2) else {
        throw error("\\x must be followed by two hex digits", at: start)
      }
      return .char(h)
    case 0x75:  // u
      return .char(try parseUnicodeEscape(start: start))
    case 0x70, 0x50:  // p, P
      return .set(try parsePropertyEscape(start: start, negated: c == 0x50))
    case 0x62 where inClass:  // [\b] is backspace
      return .char(0x08)
    case 0x2D where inClass:  // [\-]
      return .char(0x2D)
    default:
      let isAlnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
      if isAlnum {
        let name = Character(Unicode.Scalar(c) ?? "?")
        throw error("unknown escape \\\(name)", at: start)
      }
      // Identity escape: `\.`, `\/`, `\-`, ...
      return .char(c)
    }
  }

  /// Reads `count` hex digits at the cursor (consuming them), or nil (consuming nothing).
  mutating func hexValue(count: Int) -> UInt32? {
    var v: UInt32 = 0
    for k in 0..<count {
      guard let d = peek(k).flatMap(Self.hexDigit) else { return nil }
      v = v << 4 | d
    }
    i += count
    return v
  }

  static func hexDigit(_ c: UInt32) -> UInt32? {
    switch c {
    case 0x30...0x39: return c - 0x30
    case 0x41...0x46: return c - 0x41 + 10
    case 0x61...0x66: return c - 0x61 + 10
    default: return nil
    }
  }

  /// `\uXXXX` (a surrogate pair `\uD83D\uDE00` combines) or `\u{...}`; the cursor is after `u`.
  mutating func parseUnicodeEscape(start: Int) throws(RegexParseError) -> UInt32 {
    if peekIs("{") {
      i += 1
      var v: UInt32 = 0
      var digits = 0
      while let d = peek().flatMap(Self.hexDigit) {
        v = v << 4 | d
        digits += 1
        i += 1
        if v > CodePointSet.maxCodePoint {
          throw error("\\u{...} value above U+10FFFF", at: start)
        }
      }
      guard digits > 0, peekIs("}") else {
        throw error("\\u{ must be followed by hex digits and '}'", at: start)
      }
      i += 1
      return v
    }
    guard let v = hexValue(count: 4) else {
      throw error("\\u must be followed by four hex digits or {hex}", at: start)
    }
    if (0xD800...0xDBFF).contains(v), peekIs("\\"), peekIs("u", 1) {
      let save = i
      i += 2
      if let low = hexValue(count: 4), (0xDC00...0xDFFF).contains(low) {
        return 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
      }
      i = save
    }
    return v
  }

  // MARK: Classes

  /// Parses `[...]` (the cursor is on `[`).
  mutating func parseClass() throws(RegexParseError) -> CodePointSet {
    let open = i
    i += 1
    var negated = false
    if peekIs("^") {
      negated = true
      i += 1
    }
    var members: [ClosedRange<UInt32>] = []
    while true {
      guard let c = peek() else {
        throw error("missing ']' for the class opened at byte \(offset(at: open))", at: open)
      }
      if c == 0x5D { break }
      let atomStart = i
      let a = try parseClassAtom()
      if peekIs("-"), let n = peek(1), n != 0x5D {
        i += 1
        let b = try parseClassAtom()
        guard case .char(let lo) = a, case .char(let hi) = b else {
          throw error("a class escape cannot be a range bound", at: atomStart)
        }
        guard lo <= hi else {
          throw error("range out of order in character class", at: atomStart)
        }
        members.append(lo...hi)
      } else {
        members.append(contentsOf: a.set.ranges)
      }
    }
    i += 1
    let set = CodePointSet(ranges: members)
    return negated ? set.inverted : set
  }

  mutating func parseClassAtom() throws(RegexParseError) -> ClassAtom {
    guard let c = peek() else { throw error("unterminated character class") }
    if c == 0x5C {
      let start = i
      if let n = peek(1), n >= 0x31, n <= 0x39 {
        throw error("back-reference or octal escape inside a class", at: start)
      }
      if peekIs("B", 1) { throw error("\\B inside a class", at: start) }
      if peekIs("k", 1) { throw error("\\k inside a class", at: start) }
      return try parseEscape(inClass: true)
    }
    i += 1
    return .char(c)
  }
}
