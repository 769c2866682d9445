import StraitAutomata
import StraitPCRE2
import StraitTestSupport
import Testing

@Suite struct SamplingTests {
  @Test func samplesAreAcceptedByBothEngines() throws {
    var rng = SeededRandom(seed: 11)
    for pattern in ["^[a-z]{2,5}@[a-z]+\\.(com|org)$", "^\\d{4}-\\d{2}-\\d{2}$", "^(ab|c)*d?$", "x", "^.{3}$", "^\\p{Lu}+$"] {
      let store = TermStore()
      let dfa = try LazyDFA(store: store, root: compileRegex(pattern, mode: .search, store: store))
      let oracle = try #require(PCRE2Oracle.compile(pattern))
      for _ in 0..<50 {
        let s = try #require(try dfa.sample(from: dfa.start, using: &rng, maxLength: 40), "\(pattern)")
        #expect(s.count <= 40)
        #expect(try dfa.matches(s), "\(pattern): \(s)")
        #expect(oracle.matches(s), "\(pattern): PCRE2 rejects sampled \(String(decoding: s, as: UTF8.self))")
        #expect(String(validating: s, as: UTF8.self) != nil, "sample is not UTF-8: \(s)")
      }
    }
  }

  @Test func samplingIsReproducibleAndVaried() throws {
    let store = TermStore()
    let dfa = try LazyDFA(store: store, root: compileRegex("^[a-z]{1,8}$", mode: .search, store: store))
    var r1 = SeededRandom(seed: 3)
    var r2 = SeededRandom(seed: 3)
    var seen = Set<[UInt8]>()
    for _ in 0..<20 {
      let a = try dfa.sample(from: dfa.start, using: &r1, maxLength: 10)
      let b = try dfa.sample(from: dfa.start, using: &r2, maxLength: 10)
      #expect(a == b)
      if let a { seen.insert(a) }
    }
    #expect(seen.count > 10)
  }

  @Test func impossibleSamplesAreNil() throws {
    let store = TermStore()
    var rng = SeededRandom(seed: 1)
    let long = try LazyDFA(store: store, root: compileRegex("^a{10}$", mode: .search, store: store))
    #expect(try long.sample(from: long.start, using: &rng, maxLength: 9) == nil)
    #expect(try long.sample(from: long.start, using: &rng, maxLength: 10) == Array(repeating: 0x61, count: 10))
    let empty = try LazyDFA(store: store, root: store.intersection([store.literal("a"), store.literal("b")]))
    #expect(try empty.sample(from: empty.start, using: &rng, maxLength: 5) == nil)
  }
}
