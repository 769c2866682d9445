extension Formats {
  /// The grammar of `format: "regex"`: a conservative subset of the ECMA-262 patterns that
  /// the validator's checker (`ECMARegex.compile`: a rewrite, then libpcre2 10.42) accepts.
  ///
  /// Every construct PCRE2 refuses is left out by the grammar's shape:
  /// - a quantifier follows an atom (never an assertion, a lookahead, another quantifier
  ///   except the one lazy `?`, or an opening parenthesis: `(*` starts a PCRE2 verb);
  /// - counts are ordered (`{3,2}` is an error) and below PCRE2's 65535;
  /// - class ranges only join two ASCII letters or digits, in order, so that no escape is an
  ///   endpoint; a literal `-` only comes first, last or right after a range (where both
  ///   engines read it as a literal); no `[` inside a class (PCRE2 reads `[:alpha:]`);
  /// - `\uXXXX` is never a surrogate (the rewrite gives `\u{d800}`, which UTF mode refuses);
  /// - no back-references, named groups (duplicates are errors), lookbehind, `\p`, `\c`, `\0`.
  ///
  /// The grammar does not count characters (a length limit multiplies the DFA states by
  /// the length: the lazy DFA then meets a new state at every byte, mask fills take
  /// milliseconds and the state budget runs out after a few documents), so it accepts
  /// patterns too large for libpcre2 (64 KiB of compiled code, over 1,400 characters);
  /// ECMA-262 has no such limit and the checker checks their syntax alone
  /// (`ECMARegex.isValidSyntax`), which is decided for every pattern without
  /// back-references. Groups take no count above 1: PCRE2 copies a group once per count,
  /// so a counted group would make the compiled size grow much faster than the text.
  enum Regex {
    /// The deepest group nesting accepted.
    static let maxDepth = 5

    static let approximation =
      "group nesting deeper than \(maxDepth), groups inside lookaheads, quantified lookaheads or assertions, "
      + "counts over 1 on groups, lookbehind, named groups, back-references, \\p, \\c, \\0, \\k, \\u{...} "
      + "and surrogate \\u escapes, escapes of letters or digits other than \\d \\D \\w \\W \\s \\S \\b "
      + "\\B \\n \\r \\t \\f \\v \\xHH \\uHHHH (or of space or non-ASCII characters), \\b in classes, "
      + "empty classes, [ in classes, class ranges other than between two ASCII letters or digits, a - "
      + "in a class other than first, last or after a range, classes that start with : . or = (unless "
      + "negated or of that one character), a { not followed by a letter, counts over 999 or with "
      + "leading zeros, and {n,m} with a three-digit n or two two-digit counts with the same first "
      + "digit are not accepted"

    /// Four hex digits outside D800-DFFF (a lone surrogate cannot be compiled in UTF mode;
    /// pairs are left out too).
    static let bmpHex = "(?:[0-9A-Ca-cEFef]\(Formats.hex){3}|[Dd][0-7]\(Formats.hex){2})"

    /// Escapes valid both inside and outside classes: class escapes, control escapes,
    /// `\xHH`, `\uHHHH` and escaped ASCII punctuation.
    static let escape = #"\\(?:[dDwWsSnrtfv]|x"# + Formats.hex + "{2}|u" + bmpHex + #"|[!-/:-@\[-`{-~])"#

    /// A class range between two ASCII letters or digits, in order (code point order: `0-z`
    /// is one).
    static let range: String = {
      let ends = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
      let alts = ends.map { c in
        switch c {
        case "0"..."9": "\(c)-[\(c)-9A-Za-z]"
        case "A"..."Z": "\(c)-[\(c)-Za-z]"
        default: "\(c)-[\(c)-z]"
        }
      }
      return "(?:" + alts.joined(separator: "|") + ")"
    }()

    /// `[...]` or `[^...]` with at least one member: literals, escapes, ranges (each
    /// optionally followed by a literal `-`), and a `-` first or last.
    ///
    /// PCRE2 reads `[:...:]`, `[.....]` and `[=...=]` as POSIX classes or collating elements
    /// (errors outside a class) when `:`, `.` or `=` comes right after the `[` and right before
    /// the `]`, even as the escape `\.`; so a class that is not negated starts with one of
    /// them only when it is that one character (`[.]`).
    static let characterClass: String = {
      let item = #"(?:[^\\\]\[\-]|"# + escape + "|" + range + "-?)"
      let first = #"(?:[^\\\]\[\-:.=^]|"# + escape + "|" + range + "-?)"
      return #"(?:\[(?:\^?-|\^"# + item + "|" + first + ")" + item + #"*-?\]|\[[:.=]\])"#
    }()

    /// An atom that matches one character: a literal (`]`, `}` and `{` followed by a letter
    /// are literals in both engines), `.`, an escape or a class.
    static let single =
      #"(?:[^\\^$.|?*+()\[{]|\{[A-Za-z_]|\.|"# + escape + "|" + characterClass + ")"

    /// `n,m` with one-digit n ≤ m.
    static let orderedDigits =
      "(?:" + (0...9).map { n in n == 9 ? "9,9" : "\(n),[\(n)-9]" }.joined(separator: "|") + ")"

    /// `n,m` with n ≤ m ≤ 999 and no leading zeros, as far as ordering needs to remember
    /// at most one digit of n: n of one digit; n of two digits and m of three, or of two
    /// with a larger first digit.
    static let orderedCounts: String = {
      var alts = [orderedDigits, "[0-9],[1-9][0-9]{1,2}", "[1-9][0-9],[1-9][0-9]{2}"]
      for a in 1...8 { alts.append("\(a)[0-9],[\(a + 1)-9][0-9]") }
      return "(?:" + alts.joined(separator: "|") + ")"
    }()

    /// Quantifiers of one-character atoms (PCRE2 repeats those without copying them).
    static let quantifier = #"(?:[*+?]|\{(?:(?:0|[1-9][0-9]{0,2}),?|"# + orderedCounts + #")\})\??"#

    /// Quantifiers of groups: counts up to 1, which PCRE2 does not copy.
    static let groupQuantifier = #"(?:[*+?]|\{[01](?:,1?)?\})\??"#

    /// A pattern element without parentheses: a quantified atom, an assertion or `|`.
    static let flatItem = "(?:" + single + "(?:" + quantifier + #")?|[\^$|]|\\[bB])"#

    /// Patterns with groups nested at most `depth` deep. Lookaheads hold no groups, so that
    /// a closing parenthesis that may take a quantifier (of a group) is told apart from one
    /// that may not (of a lookahead) by the innermost level alone; lookaheads that may hold
    /// groups double the DFA.
    static func pattern(depth: Int) -> String {
      let flat = "(?:" + flatItem + ")*"
      if depth == 0 { return flat }
      let alts = [
        flatItem,
        #"\((?:\?:)?"# + pattern(depth: depth - 1) + #"\)(?:"# + groupQuantifier + ")?",
        #"\(\?[=!]"# + flat + #"\)"#,
      ]
      return "(?:" + alts.joined(separator: "|") + ")*"
    }
  }
}
