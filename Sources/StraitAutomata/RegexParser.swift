/// A parser for the ECMA-262 regular-expression dialect of JSON Schema `pattern`.
///
/// The dialect is ECMAScript with the `u` flag (code points, `\u{...}`, `\p{...}`), plus the
/// lenient Annex B forms real schemas use and PCRE2 also accepts: a `{`, `}` or `]` that
/// does not start or end a construct is a literal, and any non-alphanumeric character may be
/// escaped to stand for itself.
///
/// Supported: literals; escapes `\d \D \w \W \s \S \t \n \v \f \r \0 \cX \xHH \uXXXX`
/// (surrogate pairs combine) `\u{...}` and `\p{..}`/`\P{..}`; classes with ranges, negation
/// and class escapes; `.`; capturing, non-capturing and named groups; alternation; greedy and
/// lazy `* + ? {n} {n,} {n,m}`; `^` and `$`. Back-references, look-around and `\b`/`\B` are
/// rejected with a ``RegexParseError`` of kind ``RegexParseError/Kind/notRegular`` naming
/// the construct.
///
/// ```swift
/// let node = try RegexParser.parse("^[a-z]+(?:-[a-z]+)*$")
/// ```
public enum RegexParser {
  /// The largest count allowed in `{n}`, `{n,}` and `{n,m}`.
  public static let maxRepeatBound = 10_000
  /// The deepest group nesting allowed (bounds recursion in the parser and the lowering).
  public static let maxNestingDepth = 200

  /// Parses `pattern`.
  ///
  /// - Parameter pattern: the regular expression, without delimiters or flags.
  /// - Returns: the syntax tree.
  /// - Throws: ``RegexParseError`` with the UTF-8 byte offset of the problem.
  /// - Complexity: O(n) for a pattern of n characters, plus the size of the Unicode
  ///   property tables used.
  public static func parse(_ pattern: String) throws(RegexParseError) -> RegexNode {
    var p = Cursor(pattern)
    let node = try p.parseAlternation(depth: 0)
    if !p.atEnd {
      // Only an unmatched `)` stops the top-level alternation early.
      throw p.error("unmatched ')'")
    }
    return node
  }
}

/// The parser state: the pattern's scalars with their byte offsets.
struct Cursor {
  let scalars: [UInt32]
  let offsets: [Int]
  var i = 0

  init(_ pattern: String) {
    var s: [UInt32] = []
    var o: [Int] = []
    var offset = 0
    for u in pattern.unicodeScalars {
      s.append(u.value)
      o.append(offset)
      offset += UTF8.width(u)
    }
    o.append(offset)
    scalars = s
    offsets = o
  }

  var atEnd: Bool { i >= scalars.count }
  func peek(_ k: Int = 0) -> UInt32? { i + k < scalars.count ? scalars[i + k] : nil }
  func peekIs(_ c: Character, _ k: Int = 0) -> Bool {
    peek(k) == c.unicodeScalars.first?.value
  }
  var offset: Int { offsets[min(i, scalars.count)] }
  func offset(at index: Int) -> Int { offsets[min(max(index, 0), scalars.count)] }

  func error(
    _ message: String, at index: Int? = nil, kind: RegexParseError.Kind = .syntax
  ) -> RegexParseError {
    RegexParseError(offset: offset(at: index ?? i), message: message, kind: kind)
  }

  // MARK: Structure

  mutating func parseAlternation(depth: Int) throws(RegexParseError) -> RegexNode {
    var branches = [try parseConcat(depth: depth)]
    while peekIs("|") {
      i += 1
      branches.append(try parseConcat(depth: depth))
    }
    return branches.count == 1 ? branches[0] : .alternation(branches)
  }

  mutating func parseConcat(depth: Int) throws(RegexParseError) -> RegexNode {
    var items: [RegexNode] = []
    while let c = peek(), c != 0x7C /* | */, c != 0x29 /* ) */ {
      items.append(try parseQuantified(depth: depth))
    }
    switch items.count {
    case 0: return .empty
    case 1: return items[0]
    default: return .concat(items)
    }
  }

  mutating func parseQuantified(depth: Int) throws(RegexParseError) -> RegexNode {
    let atom = try parseAtom(depth: depth)
    let quantifierStart = i
    guard let (lo, hi) = try parseQuantifier() else { return atom }
    if atom == .startAnchor || atom == .endAnchor {
      throw error("nothing to repeat: an assertion cannot be quantified", at: quantifierStart)
    }
    if peekIs("?") { i += 1 }  // lazy: same language
    let next = i
    if (try? peekQuantifier()) != nil {
      throw error("nothing to repeat: a quantifier cannot follow a quantifier", at: next)
    }
    return .repeat(atom, min: lo, max: hi)
  }

  /// Whether a quantifier starts here (without consuming it).
  func peekQuantifier() throws(RegexParseError) -> (Int, Int?)? {
    var copy = self
    return try copy.parseQuantifier()
  }

  /// Parses `* + ? {n} {n,} {n,m}`; nil (and nothing consumed) when none starts here.
  mutating func parseQuantifier() throws(RegexParseError) -> (Int, Int?)? {
    guard let c = peek() else { return nil }
    switch c {
    case 0x2A:
      i += 1
      return (0, nil)
    case 0x2B:
      i += 1
      return (1, nil)
    case 0x3F:
      i += 1
      return (0, 1)
    case 0x7B:
      return try parseBraces()
    default:
      return nil
    }
  }

  /// Parses `{n}`, `{n,}` or `{n,m}`; nil with nothing consumed when the text is not one
  /// (then `{` is a literal, as in Annex B and PCRE2).
  mutating func parseBraces() throws(RegexParseError) -> (Int, Int?)? {
    let start = i
    var j = i + 1
    func number(_ j: inout Int) -> Int? {
      var value = 0
      var digits = 0
      while j < scalars.count, scalars[j] >= 0x30, scalars[j] <= 0x39 {
        value = min(value * 10 + Int(scalars[j] - 0x30), 1_000_000_000)
        digits += 1
        j += 1
      }
      return digits > 0 ? value : nil
    }
    guard let lo = number(&j) else { return nil }
    var hi: Int? = lo
    if j < scalars.count, scalars[j] == 0x2C /* , */ {
      j += 1
      hi = number(&j)
    }
    guard j < scalars.count, scalars[j] == 0x7D /* } */ else { return nil }
    j += 1
    if let hi, hi < lo {
      throw error("numbers out of order in {\(lo),\(hi)} quantifier", at: start)
    }
    let bound = hi ?? lo
    if bound > RegexParser.maxRepeatBound {
      throw error(
        "counted repetition bound \(bound) exceeds the limit \(RegexParser.maxRepeatBound)",
        at: start, kind: .limit)
    }
    i = j
    return (lo, hi)
  }

  mutating func parseAtom(depth: Int) throws(RegexParseError) -> RegexNode {
    guard let c = peek() else { throw error("unexpected end of pattern") }
    switch c {
    case 0x5E:  // ^
      i += 1
      return .startAnchor
    case 0x24:  // $
      i += 1
      return .endAnchor
    case 0x2E:  // .
      i += 1
      return .charSet(ClassEscapes.dot)
    case 0x28:  // (
      return try parseGroup(depth: depth)
    case 0x5B:  // [
      return .charSet(try parseClass())
    case 0x5C:  // backslash
      return try parseAtomEscape()
    case 0x2A, 0x2B, 0x3F:
      throw error("nothing to repeat: '\(Character(Unicode.Scalar(c) ?? "?"))' has no operand")
    case 0x7B:
      if (try peekQuantifier()) != nil {
        throw error("nothing to repeat: a {n,m} quantifier has no operand")
      }
      i += 1
      return .charSet(.single(c))
    default:
      i += 1
      return .charSet(.single(c))
    }
  }

  mutating func parseGroup(depth: Int) throws(RegexParseError) -> RegexNode {
    let open = i
    if depth >= RegexParser.maxNestingDepth {
      throw error(
        "groups nested deeper than \(RegexParser.maxNestingDepth) levels", at: open, kind: .limit)
    }
    i += 1
    if peekIs("?") {
      if peekIs(":", 1) {
        i += 2
      } else if peekIs("=", 1) {
        throw error("look-ahead (?=...)", at: open, kind: .notRegular)
      } else if peekIs("!", 1) {
        throw error("negative look-ahead (?!...)", at: open, kind: .notRegular)
      } else if peekIs("<", 1), peekIs("=", 2) {
        throw error("look-behind (?<=...)", at: open, kind: .notRegular)
      } else if peekIs("<", 1), peekIs("!", 2) {
        throw error("negative look-behind (?<!...)", at: open, kind: .notRegular)
      } else if peekIs("<", 1) {
        i += 2
        try parseGroupName(open: open)
      } else {
        throw error("invalid group: '(?' must be followed by ':', '=', '!', '<=', '<!' or '<name>'",
          at: open)
      }
    }
    let inner = try parseAlternation(depth: depth + 1)
    guard peekIs(")") else {
      throw error("missing ')' for the group opened at byte \(offset(at: open))", at: open)
    }
    i += 1
    return .group(inner)
  }

  /// Consumes `name>` of a named group.
  mutating func parseGroupName(open: Int) throws(RegexParseError) {
    let start = i
    while let c = peek(), c != 0x3E /* > */ {
      let isStart = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x24 || c == 0x5F
        || c > 0x7F
      let isPart = isStart || (c >= 0x30 && c <= 0x39)
      guard i == start ? isStart : isPart else {
        throw error("invalid character in group name", at: i)
      }
      i += 1
    }
    guard peekIs(">"), i > start else {
      throw error("invalid group name: expected '(?<name>...)'", at: open)
    }
    i += 1
  }
}
