import Synchronization

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

/// The sets behind `\p{...}`, from the generated ``UnicodeTables`` (Unicode 14.0.0, the
/// version libpcre2 10.42 uses).
///
/// Names follow ECMA-262: a General_Category value (`L`, `Letter`, `Lu`, ...), a binary
/// property (`Alphabetic`, `White_Space`, `ASCII`, `Any`, `Assigned`, ...), or
/// `General_Category=`/`gc=`, `Script=`/`sc=`, `Script_Extensions=`/`scx=` followed by a
/// value name or alias. Names are case-sensitive, as in ECMA-262.
enum UnicodeProperties {
  static let cache = Mutex<[String: CodePointSet]>([:])

  static let groups: [String: [String]] = [
    "L": ["Lu", "Ll", "Lt", "Lm", "Lo"], "LC": ["Lu", "Ll", "Lt"], "M": ["Mn", "Mc", "Me"],
    "N": ["Nd", "Nl", "No"], "P": ["Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"],
    "S": ["Sm", "Sc", "Sk", "So"], "Z": ["Zs", "Zl", "Zp"], "C": ["Cc", "Cf", "Cs", "Co", "Cn"],
  ]

  static let binaryAliases: [String: String] = [
    "Alpha": "Alphabetic", "WSpace": "White_Space", "space": "White_Space", "Upper": "Uppercase",
    "Lower": "Lowercase", "AHex": "ASCII_Hex_Digit", "Hex": "Hex_Digit", "Ideo": "Ideographic",
    "Dia": "Diacritic", "Ext": "Extender", "NChar": "Noncharacter_Code_Point",
    "DI": "Default_Ignorable_Code_Point",
  ]

  /// The set for a property name, or nil when unknown.
  static func lookup(_ name: String) -> CodePointSet? {
    if let hit = cache.withLock({ $0[name] }) { return hit }
    guard let set = resolve(name) else { return nil }
    cache.withLock { $0[name] = set }
    return set
  }

  private static func resolve(_ name: String) -> CodePointSet? {
    if let eq = name.firstIndex(of: "=") {
      let key = name[..<eq]
      let value = String(name[name.index(after: eq)...])
      switch key {
      case "General_Category", "gc": return generalCategory(value)
      case "Script", "sc":
        return UnicodeProperties.scriptAliases(value).flatMap(UnicodeTables.script).map(decode)
      case "Script_Extensions", "scx":
        return UnicodeProperties.scriptAliases(value).flatMap(UnicodeTables.scriptExtensions)
          .map(decode)
      default: return nil
      }
    }
    switch name {
    case "Any": return CodePointSet(ranges: [0...CodePointSet.maxCodePoint])
    case "ASCII": return CodePointSet(ranges: [0...0x7F])
    default: break
    }
    if let gc = generalCategory(name) { return gc }
    return UnicodeTables.binaryProperty(binaryAliases[name] ?? name).map(decode)
  }

  private static func scriptAliases(_ value: String) -> String? { UnicodeTables.scriptAliases[value] }

  private static func generalCategory(_ value: String) -> CodePointSet? {
    guard let short = UnicodeTables.generalCategoryAliases[value] else { return nil }
    let parts = groups[short] ?? [short]
    var set = CodePointSet()
    for p in parts {
      guard let text = UnicodeTables.generalCategory(p) else { continue }
      set = set.union(decode(text))
    }
    return set
  }

  /// Decodes `lo-hi,lo,...` (hex).
  static func decode(_ text: String) -> CodePointSet {
    var ranges: [ClosedRange<UInt32>] = []
    for part in text.split(separator: ",") {
      let ends = part.split(separator: "-")
      guard let lo = ends.first.flatMap({ UInt32($0, radix: 16) }) else { continue }
      let hi = ends.count > 1 ? UInt32(ends[1], radix: 16) ?? lo : lo
      ranges.append(lo...hi)
    }
    return CodePointSet(ranges: ranges)
  }
}
