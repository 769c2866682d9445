import StraitAutomata
import Testing

@Suite struct RegexParserTests {
  func parse(_ p: String) throws -> RegexNode { try RegexParser.parse(p) }
  func ch(_ c: Character) -> RegexNode { .charSet(.single(c.unicodeScalars.first!.value)) }

  @Test func literalsAndConcat() throws {
    #expect(try parse("") == .empty)
    #expect(try parse("a") == ch("a"))
    #expect(try parse("ab") == .concat([ch("a"), ch("b")]))
    #expect(try parse("é😀") == .concat([.charSet(.single(0xE9)), .charSet(.single(0x1F600))]))
  }

  @Test func alternationAndGroups() throws {
    #expect(try parse("a|b") == .alternation([ch("a"), ch("b")]))
    #expect(try parse("a|") == .alternation([ch("a"), .empty]))
    #expect(try parse("(a)") == .group(ch("a")))
    #expect(try parse("(?:a)") == .group(ch("a")))
    #expect(try parse("(?<year>a)") == .group(ch("a")))
    #expect(try parse("()") == .group(.empty))
  }

  @Test func quantifiers() throws {
    #expect(try parse("a*") == .repeat(ch("a"), min: 0, max: nil))
    #expect(try parse("a+") == .repeat(ch("a"), min: 1, max: nil))
    #expect(try parse("a?") == .repeat(ch("a"), min: 0, max: 1))
    #expect(try parse("a{3}") == .repeat(ch("a"), min: 3, max: 3))
    #expect(try parse("a{3,}") == .repeat(ch("a"), min: 3, max: nil))
    #expect(try parse("a{3,5}") == .repeat(ch("a"), min: 3, max: 5))
    // Lazy quantifiers have the same language.
    #expect(try parse("a*?") == parse("a*"))
    #expect(try parse("a{2,3}?") == parse("a{2,3}"))
    // A brace that is not a quantifier is a literal (Annex B, as PCRE2).
    #expect(try parse("a{") == .concat([ch("a"), ch("{")]))
    #expect(try parse("a{,3}") == .concat([ch("a"), ch("{"), ch(","), ch("3"), ch("}")]))
  }

  @Test func anchorsAndDot() throws {
    #expect(try parse("^a$") == .concat([.startAnchor, ch("a"), .endAnchor]))
    guard case .charSet(let dot) = try parse(".") else {
      Issue.record("dot is not a set")
      return
    }
    #expect(dot.contains(0x61) && dot.contains(0x1F600))
    #expect(!dot.contains(0x0A) && !dot.contains(0x0D) && !dot.contains(0x2028) && !dot.contains(0x2029))
  }

  @Test func escapes() throws {
    let cases: [(String, UInt32)] = [
      ("\\t", 9), ("\\n", 10), ("\\v", 11), ("\\f", 12), ("\\r", 13), ("\\0", 0),
      ("\\x41", 0x41), ("\\u00e9", 0xE9), ("\\u{1F600}", 0x1F600), ("\\uD83D\\uDE00", 0x1F600),
      ("\\cJ", 10), ("\\ca", 1), ("\\.", 0x2E), ("\\/", 0x2F), ("\\-", 0x2D), ("\\\\", 0x5C),
    ]
    for (p, v) in cases {
      #expect(try parse(p) == .charSet(.single(v)), "\(p)")
    }
    #expect(try parse("\\d") == .charSet(.ecmaDigit))
    #expect(try parse("\\D") == .charSet(CodePointSet.ecmaDigit.inverted))
    #expect(try parse("\\w") == .charSet(.ecmaWord))
    #expect(try parse("\\s") == .charSet(.ecmaSpace))
    #expect(CodePointSet.ecmaSpace.contains(0xFEFF) && CodePointSet.ecmaSpace.contains(0xA0))
  }

  @Test func classes() throws {
    #expect(try parse("[a-c]") == .charSet(.range(0x61, 0x63)))
    #expect(try parse("[^a]") == .charSet(CodePointSet.single(0x61).inverted))
    #expect(try parse("[-a]") == .charSet(CodePointSet(ranges: [0x2D...0x2D, 0x61...0x61])))
    #expect(try parse("[a-]") == .charSet(CodePointSet(ranges: [0x2D...0x2D, 0x61...0x61])))
    #expect(try parse("[\\d_]") == .charSet(CodePointSet.ecmaDigit.union(.single(0x5F))))
    #expect(try parse("[\\b]") == .charSet(.single(8)))
    #expect(try parse("[]") == .charSet(.empty))
    #expect(try parse("[^]") == .charSet(CodePointSet.empty.inverted))
    #expect(try parse("[\\]]") == .charSet(.single(0x5D)))
  }

  @Test func notRegularConstructsNameThemselves() {
    let cases: [(String, String, Int)] = [
      ("(a)\\1", "back-reference \\1", 3),
      ("(?<x>a)\\k<x>", "named back-reference", 7),
      ("a(?=b)", "look-ahead", 1),
      ("a(?!b)", "negative look-ahead", 1),
      ("(?<=a)b", "look-behind", 0),
      ("(?<!a)b", "negative look-behind", 0),
      ("é\\b", "word boundary", 2),
      ("\\B", "non-word boundary", 0),
    ]
    for (p, name, offset) in cases {
      #expect {
        _ = try RegexParser.parse(p)
      } throws: { e in
        guard let e = e as? RegexParseError else { return false }
        return e.kind == .notRegular && e.message.contains(name) && e.offset == offset
          && e.description.contains("not a regular language")
      }
    }
  }

  @Test func malformedPatternsGiveOffsets() {
    let cases: [(String, Int, String)] = [
      ("(ab", 0, "missing ')'"),
      ("ab)", 2, "unmatched ')'"),
      ("[z-a]", 1, "out of order"),
      ("a{3,2}", 1, "out of order"),
      ("ab\\", 2, "at end of pattern"),
      ("[abc", 0, "missing ']'"),
      ("*a", 0, "nothing to repeat"),
      ("a**", 2, "nothing to repeat"),
      ("^*", 1, "assertion"),
      ("\\a", 0, "unknown escape"),
      ("\\x4", 0, "two hex digits"),
      ("\\u{110000}", 0, "U+10FFFF"),
      ("a{100000}", 1, "exceeds the limit"),
      ("(?i)a", 0, "invalid group"),
      ("[\\d-z]", 1, "range bound"),
      ("\\c1", 0, "ASCII letter"),
    ]
    for (p, offset, text) in cases {
      #expect {
        _ = try RegexParser.parse(p)
      } throws: { e in
        guard let e = e as? RegexParseError else { return false }
        return e.offset == offset && e.message.contains(text)
      }
    }
  }

  @Test func deepNestingIsALimitNotACrash() {
    let deep = String(repeating: "(", count: 5000) + String(repeating: ")", count: 5000)
    #expect {
      _ = try RegexParser.parse(deep)
    } throws: { e in (e as? RegexParseError)?.kind == .limit }
    let ok = String(repeating: "(", count: 100) + "a" + String(repeating: ")", count: 100)
    #expect(throws: Never.self) { _ = try RegexParser.parse(ok) }
  }
}
