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
