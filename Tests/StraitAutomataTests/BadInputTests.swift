import StraitAutomata
import Testing

/// The bad inputs: a clear error or bounded time and memory.
@Suite struct BadInputTests {
  @Test func hugeCountedRepeatIsALimitError() {
    #expect {
      _ = try compileRegex("a{100000}", mode: .search, store: TermStore())
    } throws: { e in
      guard let e = e as? RegexParseError else { return false }
      return e.kind == .limit && e.offset == 1 && e.message.contains("100000")
    }
  }

  @Test func nestedCountedRepeatsAreBounded() throws {
    let store = TermStore()
    // Language a{1,10000}: matching stays correct, or the budget stops it with an error.
    let t = try compileRegex("^(a{1,100}){1,100}$", mode: .search, store: store)
    let dfa = try LazyDFA(store: store, root: t, stateBudget: 20_000)
    do {
      #expect(try dfa.matches(Array(repeating: 0x61, count: 250)))
      #expect(try !dfa.matches(Array(repeating: 0x61, count: 250) + [0x62]))
    } catch let e as DFAError {
      #expect(e == .stateBudgetExceeded(states: 20_000))
    }
    // Search mode without anchors: any string holding an `a`.
    let search = try LazyDFA(store: store, root: compileRegex("(a{1,100}){1,100}", mode: .search, store: store))
    #expect(try search.matches(Array("xxaxx".utf8)))
    #expect(try !search.matches(Array("xxxx".utf8)))
  }

  @Test func pathologicalAlternationIsLinear() throws {
    let store = TermStore()
    let dfa = try LazyDFA(store: store, root: compileRegex("^(a|aa)*b$", mode: .search, store: store))
    #expect(try !dfa.matches(Array(repeating: 0x61, count: 10_000)))
    #expect(try dfa.matches(Array(repeating: 0x61, count: 10_000) + [0x62]))
    #expect(dfa.stateCount < 10)
  }

  @Test func malformedPatternsNeverCrash() {
    for p in ["(", ")", "[", "]", "{", "}", "\\", "a{3,2}", "[z-a]", "(?", "(?<", "(?<>a)", "\\u{", "\\p", "x**", "a{1,2}{3}", "[\\", "(?:", "|||", "((((((((((", "\\c", "\\x", "\\u12"] {
      do {
        let store = TermStore()
        let t = try compileRegex(p, mode: .search, store: store)
        _ = try LazyDFA(store: store, root: t).matches(Array("abc".utf8))
      } catch {
        // Any error is fine; a crash or hang is not.
        #expect(String(describing: error).isEmpty == false)
      }
    }
  }
}
