import StraitAutomata
import StraitTestSupport
import Testing

@Suite struct EagerDFATests {
  let store = TermStore()

  @Test func minimisedIsEquivalentOnRandomTerms() throws {
    var rng = SeededRandom(seed: 99)
    let gen = RandomTerms(store: store, alphabet: Array("abc".utf8))
    var shrunk = 0
    for round in 0..<200 {
      let t = gen.term(depth: 4, using: &rng)
      let lazy = try LazyDFA(store: store, root: t)
      let full = try lazy.explore()
      let min = full.minimized()
      #expect(min.stateCount <= full.stateCount)
      if min.stateCount < full.stateCount { shrunk += 1 }
      #expect(min.isEquivalent(to: full), "round \(round)")
      #expect(min.minimized() == min, "round \(round): minimisation is not idempotent")
      for _ in 0..<40 {
        let s = gen.string(maxLength: 8, using: &rng)
        let expected = try lazy.matches(s)
        #expect(full.matches(s) == expected && min.matches(s) == expected, "round \(round) on \(s)")
      }
    }
    // Derivative DFAs are not minimal in general; the test must exercise real merging.
    #expect(shrunk > 10)
  }

  @Test func equivalentTermsHaveTheSameMinimalSize() throws {
    var rng = SeededRandom(seed: 5)
    let gen = RandomTerms(store: store, alphabet: Array("ab".utf8))
    for _ in 0..<80 {
      let x = gen.term(depth: 3, using: &rng)
      let y = gen.term(depth: 3, using: &rng)
      let lhs = try LazyDFA(store: store, root: store.complement(store.union([x, y]))).explore().minimized()
      let rhs = try LazyDFA(store: store, root: store.intersection([store.complement(x), store.complement(y)])).explore().minimized()
      #expect(lhs.stateCount == rhs.stateCount)
      #expect(lhs.isEquivalent(to: rhs))
    }
  }

  @Test func inequivalentDFAsAreDetected() throws {
    let a = try LazyDFA(store: store, root: compileRegex("^a+$", mode: .search, store: store)).explore()
    let b = try LazyDFA(store: store, root: compileRegex("^a*$", mode: .search, store: store)).explore()
    #expect(!a.isEquivalent(to: b))
  }

  @Test func knownMinimalSize() throws {
    // (a|b)*abb: the textbook minimal DFA has 4 states; plus the dead state.
    let t = try compileRegex("(a|b)*abb", mode: .fullMatch, store: store)
    let min = try LazyDFA(store: store, root: t).explore().minimized()
    #expect(min.stateCount == 5)
    #expect(min.matches(Array("babb".utf8)) && !min.matches(Array("abab".utf8)))
  }

  @Test func exploreRespectsMaxStates() throws {
    let t = try compileRegex("a{50}", mode: .fullMatch, store: store)
    let dfa = try LazyDFA(store: store, root: t)
    #expect(throws: DFAError.stateBudgetExceeded(states: 20)) { _ = try dfa.explore(maxStates: 20) }
    #expect(try dfa.explore().stateCount == 52)
  }
}
