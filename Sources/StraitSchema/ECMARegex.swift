import StraitPCRE2

/// ECMA-262 regular expressions (the dialect of JSON Schema `pattern`) on libpcre2.
///
/// PCRE2 10.42 differs from ECMA-262 in a few places (see notes/pcre2-swiftpm.md), so
/// patterns are rewritten before compiling with `UTF | DOLLAR_ENDONLY | ALT_BSUX` and
/// `EXTRA_ALT_BSUX`, without `UCP`:
/// - `\d`, `\w`, `\b` stay ASCII (PCRE2 without UCP already is);
/// - `\s`/`\S` become the explicit ECMA white-space class (Unicode `Zs`, U+FEFF, line
///   terminators), which PCRE2's ASCII `\s` lacks;
/// - `.` excludes all four ECMA line terminators (`\n`, `\r`, U+2028, U+2029);
/// - `\p{Letter}`-style long property names become PCRE2's short ones;
/// - a `\uD83D\uDC10` surrogate pair becomes one code point `\u{1F410}`;
/// - `[]` (matches nothing) and `[^]` (matches anything) get PCRE2 equivalents.
public enum ECMARegex {
  /// Why a pattern is not a valid ECMA-262 regular expression.
  public struct SyntaxError: Error, CustomStringConvertible, Sendable {
    /// Offset in code points (Strait's checks) or bytes of the translated pattern (PCRE2's).
    public var offset: Int
    public var message: String
    /// libpcre2's error code, when libpcre2 refused the translated pattern.
    public var pcre2Code: Int32? = nil
    public var description: String { "\(message) (at offset \(offset))" }
  }

  /// `PCRE2_ERROR_PATTERN_TOO_LARGE` (pcre2.h): the compiled code would pass 64 KiB.
  static let patternTooLarge: Int32 = 120
  /// `PCRE2_ERROR_TOO_MANY_CAPTURES` (pcre2.h): more than 65,535 capturing groups.
  static let tooManyCaptures: Int32 = 197

  /// Whether `pattern` is an ECMA-262 regular expression (the `regex` format).
  ///
  /// ECMA-262 sets no size limit and no limit on the number of groups, but libpcre2
  /// refuses compiled code over 64 KiB (a pattern of about 1,500 `.`) and more than 65,535
  /// capturing groups (which it counts while parsing, so the rest goes unchecked). A
  /// pattern refused for either is checked again with its capturing groups made
  /// non-capturing (the same syntax): libpcre2 reports every syntax error, bad lookbehind
  /// and duplicate group name before the size limit (checked with pcre2test 10.42), but not
  /// a back-reference to a group that does not exist, so such a pattern with a
  /// back-reference (`\1`...`\9`, `\k`) counts as invalid.
  public static func isValidSyntax(_ pattern: String) -> Bool {
    do {
      _ = try compile(pattern, jit: false)
      return true
    } catch {
      guard error.pcre2Code == patternTooLarge || error.pcre2Code == tooManyCaptures, !hasBackReference(pattern)
      else { return false }
      do {
        _ = try compile(withoutCaptures(pattern), jit: false)
        return true
      } catch {
        return error.pcre2Code == patternTooLarge
      }
    }
  }

  /// `pattern` with each capturing `(` (not escaped, not in a class, not `(?`) made `(?:`.
  static func withoutCaptures(_ pattern: String) -> String {
    let chars = Array(pattern.unicodeScalars)
    var out = String.UnicodeScalarView()
    var escaped = false
    var inClass = false
    for (i, c) in chars.enumerated() {
      out.append(c)
      if escaped {
        escaped = false
      } else if c == "\\" {
        escaped = true
      } else if inClass {
        if c == "]" { inClass = false }
      } else if c == "[" {
        inClass = true
      } else if c == "(" && (i + 1 == chars.count || chars[i + 1] != "?") {
        out.append(contentsOf: "?:".unicodeScalars)
      }
    }
    return String(out)
  }

  /// Whether an escape in `pattern` is `\1`...`\9` or `\k`.
  static func hasBackReference(_ pattern: String) -> Bool {
    var escaped = false
    for c in pattern.unicodeScalars {
      if escaped {
        if ("1"..."9").contains(c) || c == "k" { return true }
        escaped = false
      } else if c == "\\" {
        escaped = true
      }
    }
    return false
  }

  /// Compiles an ECMA-262 pattern.
  ///
  /// - Throws: ``SyntaxError`` for constructs ECMA-262 does not have (`\a`, `\Z`,
  ///   `(?i)`, `(?P<n>...)`, `(?#...)`) and for patterns PCRE2 rejects after translation.
  ///
  /// - Parameters:
  ///   - pattern: the ECMA-262 source.
  ///   - matchLimit: when given, a match gives up with an error (PCRE2's "match limit
  ///     exceeded") after about this many backtracking steps instead of running for as
  ///     long as the pattern's backtracking takes (PCRE2's own limit is 10,000,000).
  ///   - jit: JIT-compile (faster matching; the interpreter is the fallback when a JIT
  ///     match fails, for example on its stack limit).
  public static func compile(_ pattern: String, matchLimit: Int? = nil, jit: Bool = true) throws(SyntaxError)
    -> PCRE2Regex
  {
    // PCRE2 reads a limit from a leading `(*LIMIT_MATCH=n)` (it can only lower the
    // library's default); error offsets are reported in the text without it.
    let prefix = matchLimit.map { "(*LIMIT_MATCH=\($0))" } ?? ""
    let translated = try prefix + translate(pattern)
    do {
      return try PCRE2Regex(
        translated, options: [.utf, .dollarEndOnly, .altBSUX], extraOptions: extraAltBSUX, jit: jit)
    } catch {
      throw SyntaxError(
        offset: max(error.offset - prefix.utf8.count, 0), message: error.message, pcre2Code: error.code)
    }
  }

  /// Escapes that ECMA-262 defines with a letter (others, like `\a` or `\Z`, are errors).
  static let letterEscapes: Set<Unicode.Scalar> = [
    "d", "D", "w", "W", "s", "S", "b", "B", "f", "n", "r", "t", "v", "c", "x", "u", "p", "P", "k",
  ]

  /// `PCRE2_EXTRA_ALT_BSUX` (`\u{...}` escapes), from pcre2.h.
  static let extraAltBSUX: UInt32 = 0x0000_0020

  /// ECMA-262 `WhiteSpace` and `LineTerminator` code points, as ranges.
  static let whitespace: [(UInt32, UInt32)] = [
    (0x09, 0x0D), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A), (0x2028, 0x2029),
    (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF, 0xFEFF),
  ]

  static func hex(_ v: UInt32) -> String { "\\u{" + String(v, radix: 16) + "}" }

  /// The members of the white-space class (without brackets).
  static let whitespaceItems: String = whitespace.map { $0.0 == $0.1 ? hex($0.0) : hex($0.0) + "-" + hex($0.1) }
    .joined()

  /// The complement of the white-space class as class members (for `\S` inside `[...]`).
  static let nonWhitespaceItems: String = {
    var out = ""
    var next: UInt32 = 0
    for (lo, hi) in whitespace {
      if next < lo {
        // Skip the surrogate block, which UTF mode does not allow in classes.
        out += range(next, lo - 1)
      }
      next = hi + 1
    }
    out += range(next, 0x10FFFF)
    return out
  }()

  private static func range(_ lo: UInt32, _ hi: UInt32) -> String {
    if hi < 0xD800 || lo > 0xDFFF { return lo == hi ? hex(lo) : hex(lo) + "-" + hex(hi) }
    var parts = ""
    if lo < 0xD800 { parts += range(lo, 0xD7FF) }
    if hi > 0xDFFF { parts += range(0xE000, hi) }
    return parts
  }

  /// Long Unicode property names (ECMA-262 accepts them) to PCRE2's names.
  static let propertyNames: [String: String] = [
    "Letter": "L", "Cased_Letter": "L&", "Uppercase_Letter": "Lu", "Lowercase_Letter": "Ll",
    "Titlecase_Letter": "Lt", "Modifier_Letter": "Lm", "Other_Letter": "Lo", "Mark": "M",
    "Combining_Mark": "M", "Nonspacing_Mark": "Mn", "Spacing_Mark": "Mc", "Enclosing_Mark": "Me",
    "Number": "N", "Decimal_Number": "Nd", "digit": "Nd", "Letter_Number": "Nl", "Other_Number": "No",
    "Punctuation": "P", "punct": "P", "Connector_Punctuation": "Pc", "Dash_Punctuation": "Pd",
    "Open_Punctuation": "Ps", "Close_Punctuation": "Pe", "Initial_Punctuation": "Pi",
    "Final_Punctuation": "Pf", "Other_Punctuation": "Po", "Symbol": "S", "Math_Symbol": "Sm",
    "Currency_Symbol": "Sc", "Modifier_Symbol": "Sk", "Other_Symbol": "So", "Separator": "Z",
    "Space_Separator": "Zs", "Line_Separator": "Zl", "Paragraph_Separator": "Zp", "Other": "C",
    "Control": "Cc", "cntrl": "Cc", "Format": "Cf", "Surrogate": "Cs", "Private_Use": "Co",
    "Unassigned": "Cn",
  ]

  /// Rewrites an ECMA-262 pattern into an equivalent PCRE2 pattern.
  ///
  /// - Throws: ``SyntaxError`` for constructs that are not ECMA-262.
  public static func translate(_ pattern: String) throws(SyntaxError) -> String {
    let chars = Array(pattern.unicodeScalars)
    var out = ""
    var i = 0
    var inClass = false
    func hexValue(_ from: Int, _ count: Int) -> UInt32? {
      guard from + count <= chars.count else { return nil }
      var v: UInt32 = 0
      for k in from..<(from + count) {
        guard chars[k].isASCII, let d = UInt32(String(chars[k]), radix: 16) else { return nil }
        v = v * 16 + d
      }
      return v
    }
    while i < chars.count {
      let c = chars[i]
      if c == "\\" && i + 1 < chars.count {
        let e = chars[i + 1]
        switch e {
        case "s":
          out += inClass ? whitespaceItems : "[" + whitespaceItems + "]"
          i += 2
        case "S":
          out += inClass ? nonWhitespaceItems : "[^" + whitespaceItems + "]"
          i += 2
        case "p", "P":
          if i + 2 < chars.count, chars[i + 2] == "{", let close = chars[(i + 3)...].firstIndex(of: "}") {
            var name = String(String.UnicodeScalarView(chars[(i + 3)..<close]))
            for prefix in ["General_Category=", "gc=", "Script=", "sc=", "Script_Extensions=", "scx="]
            where name.hasPrefix(prefix) {
              name = String(name.dropFirst(prefix.count))
            }
            out += "\\" + String(e) + "{" + (propertyNames[name] ?? name) + "}"
            i = close + 1
          } else {
            out += "\\" + String(e)
            i += 2
          }
        case "u":
          if i + 2 < chars.count, chars[i + 2] == "{" {
            out += "\\u"
            i += 2
          } else if let v = hexValue(i + 2, 4) {
            if v >= 0xD800 && v <= 0xDBFF, i + 7 < chars.count, chars[i + 6] == "\\", chars[i + 7] == "u",
              let low = hexValue(i + 8, 4), low >= 0xDC00 && low <= 0xDFFF
            {
              out += hex(0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00))
              i += 12
            } else {
              out += hex(v)
              i += 6
            }
          } else {
            out += "\\u"
            i += 2
          }
        default:
          if e.properties.isAlphabetic && e.isASCII && !letterEscapes.contains(e) {
            throw SyntaxError(offset: i, message: "\\\(e) is not an ECMA-262 escape")
          }
          out += "\\" + String(e)
          i += 2
        }
        continue
      }
      if inClass {
        if c == "]" { inClass = false }
        out.unicodeScalars.append(c)
        i += 1
        continue
      }
      switch c {
      case "(" where i + 1 < chars.count && chars[i + 1] == "?":
        // Only (?:, (?=, (?!, (?<=, (?<! and (?<name> exist in ECMA-262.
        let next = i + 2 < chars.count ? chars[i + 2] : " "
        let after = i + 3 < chars.count ? chars[i + 3] : " "
        guard next == ":" || next == "=" || next == "!" || next == "<" && after != " " else {
          throw SyntaxError(offset: i, message: "(?\(next) is not an ECMA-262 group")
        }
        out += "(?"
        i += 2
      case "[":
        if i + 1 < chars.count, chars[i + 1] == "]" {
          out += "(?!)"
          i += 2
        } else if i + 2 < chars.count, chars[i + 1] == "^", chars[i + 2] == "]" {
          out += "(?s:.)"
          i += 3
        } else {
          inClass = true
          out += "["
          i += 1
          if i < chars.count, chars[i] == "^" {
            out += "^"
            i += 1
          }
        }
      case ".":
        out += "[^\\n\\r\\u{2028}\\u{2029}]"
        i += 1
      default:
        out.unicodeScalars.append(c)
        i += 1
      }
    }
    return out
  }
}
