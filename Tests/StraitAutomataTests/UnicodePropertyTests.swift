import StraitAutomata
import Testing

@Suite struct UnicodePropertyTests {
  func set(_ p: String) throws -> CodePointSet {
    guard case .charSet(let s) = try RegexParser.parse(p) else {
      Issue.record("\(p) is not a set")
      return .empty
    }
    return s
  }

  @Test func generalCategories() throws {
    let letter = try set("\\p{L}")
    #expect(letter.contains(0x61) && letter.contains(0xE9) && letter.contains(0x3A9) && letter.contains(0x4E2D))
    #expect(!letter.contains(0x31) && !letter.contains(0x20))
    #expect(try set("\\p{Letter}") == letter)
    #expect(try set("\\p{gc=L}") == letter)
    #expect(try set("\\p{General_Category=Letter}") == letter)
    #expect(try set("\\P{L}") == letter.inverted)
    let upper = try set("\\p{Lu}")
    #expect(upper.contains(0x41) && !upper.contains(0x61))
    #expect(try set("\\p{Nd}").contains(0x0663))
    #expect(try set("\\p{Zs}") == CodePointSet(ranges: [0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000]))
    // Groups are unions of their subcategories.
    #expect(try set("\\p{LC}") == set("[\\p{Lu}\\p{Ll}\\p{Lt}]"))
  }

  @Test func scripts() throws {
    let greek = try set("\\p{Script=Greek}")
    #expect(greek.contains(0x3A9) && !greek.contains(0x61))
    #expect(try set("\\p{sc=Grek}") == greek)
    let han = try set("\\p{sc=Han}")
    #expect(han.contains(0x4E2D) && !han.contains(0x3042))
    // Script_Extensions is a superset of Script.
    let greekExt = try set("\\p{scx=Greek}")
    #expect(greekExt.intersection(greek) == greek && greekExt != greek)
  }

  @Test func binaryProperties() throws {
    #expect(try set("\\p{ASCII}") == CodePointSet(ranges: [0...0x7F]))
    #expect(try set("\\p{Any}").contains(0x10FFFF))
    #expect(try set("\\p{White_Space}").contains(0x3000))
    #expect(try set("\\p{Alpha}") == set("\\p{Alphabetic}"))
  }

  @Test func unknownPropertiesAreErrors() {
    for p in ["\\p{Foo}", "\\p{Script=Klingon}", "\\p{letter}", "\\p{L", "\\pL"] {
      #expect(throws: RegexParseError.self, "\(p)") { _ = try RegexParser.parse(p) }
    }
  }

  @Test func propertiesMatchThroughTheDFA() throws {
    let store = TermStore()
    let dfa = try LazyDFA(store: store, root: compileRegex("^\\p{Lu}\\p{Ll}+$", mode: .search, store: store))
    #expect(try dfa.matches(Array("Ωμέγα".utf8)))
    #expect(try !dfa.matches(Array("ωμέγα".utf8)))
  }
}
