/// What an anchored pattern that starts with literal text says about a subject, found
/// from its ECMA-262 source, so that most subjects are decided without calling PCRE2.
///
/// `patternProperties` tests every key against every pattern and most such patterns
/// begin `^literal` (`^x-`, `^contacts:([0-3]):surName$`): a key that does not start
/// with the literal cannot match, and for `^literal` and `^literal$` the comparison is
/// the whole answer.
enum PatternShortcut {
  /// `^literal$`: the subject equals the bytes.
  case equals([UInt8])
  /// `^literal`: the subject starts with the bytes.
  case hasPrefix([UInt8])
  /// `^literal...`: a subject that does not start with the bytes does not match; one
  /// that does still goes to the regex.
  case needsPrefix([UInt8])

  /// Characters that are literal after a backslash (`\.`, `\/`, ...).
  private static let escapedLiterals = Set("^$\\.*+?()[]{}|/-".unicodeScalars)
  /// Characters that end a literal run.
  private static let special = Set("^$\\.*+?()[]{}|".unicodeScalars)
  /// Quantifiers: the literal character before one is optional or repeated.
  private static let quantifiers = Set("*+?{".unicodeScalars)

  /// The shortcut of `source`, or nil when it does not start with `^` and literal
  /// text or has a top-level alternative (`^a|b` does not require `a`).
  init?(source: String) {
    let scalars = Array(source.unicodeScalars)
    guard scalars.first == "^", !Self.hasTopLevelAlternative(scalars) else { return nil }
    var literal: [Unicode.Scalar] = []
    var i = 1
    while i < scalars.count {
      let c = scalars[i]
      if c == "\\", i + 1 < scalars.count, Self.escapedLiterals.contains(scalars[i + 1]) {
        literal.append(scalars[i + 1])
        i += 2
      } else if !Self.special.contains(c) {
        literal.append(c)
        i += 1
      } else {
        break
      }
    }
    if i < scalars.count, Self.quantifiers.contains(scalars[i]) {
      // The last literal character is quantified: only the ones before it are required.
      // (It was one character, escaped or not, so dropping one scalar is right.)
      if !literal.isEmpty { literal.removeLast() }
      let bytes = Array(String(String.UnicodeScalarView(literal)).utf8)
      guard !bytes.isEmpty else { return nil }
      self = .needsPrefix(bytes)
      return
    }
    let bytes = Array(String(String.UnicodeScalarView(literal)).utf8)
    if i == scalars.count {
      guard !bytes.isEmpty else { return nil }
      self = .hasPrefix(bytes)
    } else if i == scalars.count - 1 && scalars[i] == "$" {
      // `$` matches only at the very end (PCRE2 runs with DOLLAR_ENDONLY, as ECMA-262 does).
      self = .equals(bytes)
    } else {
      guard !bytes.isEmpty else { return nil }
      self = .needsPrefix(bytes)
    }
  }

  /// Whether `scalars` has a `|` outside groups and classes.
  private static func hasTopLevelAlternative(_ scalars: [Unicode.Scalar]) -> Bool {
    var depth = 0
    var inClass = false
    var i = 0
    while i < scalars.count {
      switch scalars[i] {
      case "\\": i += 1
      case "[": inClass = true
      case "]": inClass = false
      case "(" where !inClass: depth += 1
      case ")" where !inClass: depth -= 1
      case "|" where !inClass && depth == 0: return true
      default: break
      }
      i += 1
    }
    return false
  }

  /// The answer for `subject` when the shortcut decides it, or nil when the regex must.
  @inline(__always)
  func decide(_ subject: String) -> Bool? {
    switch self {
    case .equals(let bytes):
      return subject.utf8.elementsEqual(bytes)
    case .hasPrefix(let bytes):
      return subject.utf8.starts(with: bytes)
    case .needsPrefix(let bytes):
      return subject.utf8.starts(with: bytes) ? nil : false
    }
  }
}

extension PatternShortcut {
  /// ASCII characters that every match of `source` contains, at most four (punctuation
  /// first: it tells subjects apart better than letters do).
  ///
  /// They are the literal characters outside groups, classes and braces that no `?`,
  /// `*` or `{` makes optional; a pattern with a top-level `|` has none. A subject that
  /// lacks one cannot match, which decides it without PCRE2 — this is what keeps an
  /// e-mail pattern like `^\w+([.-]?\w+)*@\w+...$` from backtracking exponentially
  /// through a long subject that has no `@`.
  static func requiredASCII(in source: String) -> [UInt8] {
    let scalars = Array(source.unicodeScalars)
    guard !hasTopLevelAlternative(scalars) else { return [] }
    var found: [UInt8] = []
    var depth = 0
    var i = 0
    /// Index just past the first `close` at or after `j` (or the end).
    func skip(to close: Unicode.Scalar, from j: Int) -> Int {
      var k = j
      while k < scalars.count && scalars[k] != close { k += scalars[k] == "\\" ? 2 : 1 }
      return k + 1
    }
    while i < scalars.count {
      let c = scalars[i]
      var literal: Unicode.Scalar? = nil
      switch c {
      case "\\":
        guard i + 1 < scalars.count else { return found }
        let e = scalars[i + 1]
        i += 2
        if escapedLiterals.contains(e) {
          literal = e
        } else if (e == "u" || e == "x" || e == "p" || e == "P") && i < scalars.count && scalars[i] == "{" {
          i = skip(to: "}", from: i)
        } else if e == "u" || e == "x" {
          // \uXXXX, \xHH: the hex digits are not literals.
          var n = 0
          while n < (e == "u" ? 4 : 2) && i < scalars.count && scalars[i].properties.isASCIIHexDigit {
            i += 1
            n += 1
          }
        } else if e == "k" && i < scalars.count && scalars[i] == "<" {
          i = skip(to: ">", from: i)
        } else if e == "c" {
          i += 1
        } else if ("0"..."9").contains(e) {
          while i < scalars.count && ("0"..."9").contains(scalars[i]) { i += 1 }
        }
      case "[":
        // In ECMA-262 `]` right after `[` closes the class (`[]` matches nothing).
        i = skip(to: "]", from: i + 1)
      case "{":
        i = skip(to: "}", from: i + 1)
      case "(":
        depth += 1
        i += 1
      case ")":
        depth -= 1
        i += 1
      default:
        if !special.contains(c) { literal = c }
        i += 1
      }
      guard let literal, depth == 0, literal.isASCII else { continue }
      if i < scalars.count && (scalars[i] == "?" || scalars[i] == "*" || scalars[i] == "{") { continue }
      let byte = UInt8(literal.value)
      if !found.contains(byte) { found.append(byte) }
    }
    let isAlphanumeric = { (b: UInt8) in (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || (b >= 0x30 && b <= 0x39) }
    return Array((found.filter { !isAlphanumeric($0) } + found.filter(isAlphanumeric)).prefix(4))
  }
}
