import StraitPCRE2

/// libpcre2 as an oracle for ECMA-262 search semantics.
///
/// PCRE2 differs from ECMA-262 in a few places (see shared/notes/pcre2-swiftpm.md); the
/// pattern is rewritten textually (not through Strait's parser, so the oracle stays
/// independent): `\s`/`\S` become the explicit ECMA white-space class, `.` excludes all
/// four line terminators, `\v` is U+000B, `[]` matches nothing and `[^]` anything.
/// Patterns that cannot be rewritten faithfully (`\S` inside a class) give nil.
enum PCRE2Oracle {
  static let spaceBody =
    "\\t\\n\\x0B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF"
  static let options: PCRE2Regex.Options = [.utf, .dollarEndOnly, .altBSUX]
  /// `PCRE2_EXTRA_ALT_BSUX`: `\u{...}` as in ECMAScript.
  static let extraAltBSUX: UInt32 = 0x20

  static func translate(_ pattern: String) -> String? {
    let s = Array(pattern.unicodeScalars)
    var out = ""
    var inClass = false
    var i = 0
    while i < s.count {
      let c = s[i]
      if c == "\\" {
        guard i + 1 < s.count else { return nil }
        let n = s[i + 1]
        i += 2
        switch n {
        case "s": out += inClass ? spaceBody : "[" + spaceBody + "]"
        case "S":
          if inClass { return nil }
          out += "[^" + spaceBody + "]"
        case "v": out += "\\x0B"
        case "p", "P":
          // \p{Name}: PCRE2 10.42 knows short General_Category names and `sc:`/`scx:`.
          guard i < s.count, s[i] == "{", let close = s[i...].firstIndex(of: "}") else { return nil }
          let name = String(String.UnicodeScalarView(s[(i + 1)..<close]))
          guard let translated = translateProperty(name) else { return nil }
          out += "\\" + String(n) + "{" + translated + "}"
          i = close + 1
        default:
          out += "\\"
          out.unicodeScalars.append(n)
        }
        continue
      }
      i += 1
      if inClass {
        if c == "]" { inClass = false }
        out.unicodeScalars.append(c)
        continue
      }
      switch c {
      case "[":
        if i < s.count, s[i] == "]" {
          out += "(?!)"
          i += 1
        } else if i + 1 < s.count, s[i] == "^", s[i + 1] == "]" {
          out += "(?s:.)"
          i += 2
        } else {
          inClass = true
          out += "["
          if i < s.count, s[i] == "^" {
            out += "^"
            i += 1
          }
        }
      case ".": out += "[^\\n\\r\\u2028\\u2029]"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }

  static let longCategoryNames: [String: String] = [
    "Letter": "L", "Uppercase_Letter": "Lu", "Lowercase_Letter": "Ll", "Titlecase_Letter": "Lt",
    "Modifier_Letter": "Lm", "Other_Letter": "Lo", "Mark": "M", "Number": "N",
    "Decimal_Number": "Nd", "Punctuation": "P", "Symbol": "S", "Separator": "Z",
    "Space_Separator": "Zs", "Other": "C", "Control": "Cc",
  ]

  static func translateProperty(_ name: String) -> String? {
    let parts = name.split(separator: "=", maxSplits: 1).map(String.init)
    if parts.count == 2 {
      switch parts[0] {
      case "General_Category", "gc": return longCategoryNames[parts[1]] ?? parts[1]
      case "Script", "sc": return "sc:" + parts[1]
      case "Script_Extensions", "scx": return "scx:" + parts[1]
      default: return nil
      }
    }
    return longCategoryNames[name] ?? name
  }

  /// The compiled oracle, or nil when the pattern cannot be translated or compiled.
  /// With `fullMatch`, the pattern is wrapped in `^(?:...)$`, which is ECMA-262's full
  /// match (anchors inside keep their meaning).
  static func compile(_ pattern: String, fullMatch: Bool = false) -> PCRE2Regex? {
    guard var t = translate(pattern) else { return nil }
    if fullMatch { t = "^(?:" + t + ")$" }
    return try? PCRE2Regex(t, options: options, extraOptions: extraAltBSUX, jit: true)
  }
}
