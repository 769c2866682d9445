import StraitAutomata
import StraitTestSupport
import Testing

/// ``RunLiveness`` answers "every run of at most D bytes keeps this state alive" from the
/// state's term; each answer is checked against the DFA itself, run by run.
@Suite struct RunLivenessTests {
  let store = TermStore()

  /// A run automaton over `a` and `b` only (state 0 loops on both; 0xFF is dead).
  static let abRuns: [UInt8] = {
    var t = [UInt8](repeating: 0xFF, count: 256)
    t[Int(UInt8(ascii: "a"))] = 0
    t[Int(UInt8(ascii: "b"))] = 0
    return t
  }()

  func runs(_ dfa: LazyDFA, cap: Int = 12, searchDepth: Int = 6) -> RunLiveness {
    RunLiveness(
      dfa: dfa, runTransitions: Self.abRuns, runDead: 0xFF, probes: Array(0...255), cap: cap,
      searchDepth: searchDepth, enoughDepth: searchDepth)
  }

  /// Every run over {a, b} of length `n` from `state` stays out of the dead state.
  func allRunsAlive(_ dfa: LazyDFA, from state: DFAState, length n: Int) throws -> Bool {
    var frontier: Set<DFAState> = [state]
    for _ in 0..<n {
      var next: Set<DFAState> = []
      for s in frontier {
        for b in "ab".utf8 {
          let t = try dfa.next(s, b)
          if dfa.isDead(t) { return false }
          next.insert(t)
        }
      }
      frontier = next
    }
    return true
  }

  @Test func answersAreSoundOnRandomTerms() throws {
    var rng = SeededRandom(seed: 0x5EED)
    let gen = RandomTerms(store: store, alphabet: Array("abc".utf8))
    var answered = 0
    var positive = 0
    for round in 0..<300 {
      // A union with a free member is the shape of an object's key position.
      var t = gen.term(depth: 4, using: &rng)
      if round % 3 == 0 { t = store.union([t, gen.term(depth: 3, using: &rng)]) }
      if round % 5 == 0 { t = store.concat([t, store.literal("c")]) }
      let dfa = try LazyDFA(store: store, root: t)
      let analysis = runs(dfa)
      var queue = dfa.isDead(dfa.start) ? [] : [dfa.start]
      var seen = Set(queue)
      var head = 0
      while head < queue.count, head < 12 {
        let s = queue[head]
        head += 1
        for b in "abc".utf8 {
          let n = try dfa.next(s, b)
          if !dfa.isDead(n), seen.insert(n).inserted { queue.append(n) }
        }
        guard let d = analysis.depth(of: s) else { continue }
        answered += 1
        if d > 0 { positive += 1 }
        let checked = min(d, 12)
        #expect(try allRunsAlive(dfa, from: s, length: checked), "round \(round): depth \(d) claimed")
      }
    }
    #expect(answered > 500 && positive > 50, "\(answered) answered, \(positive) positive")
  }

  @Test func structuralAnswers() throws {
    let ab = store.union([store.literal("a"), store.literal("b")])
    let quote = store.literal("c")
    // A free string before its closing byte: every run.
    let free = try LazyDFA(store: store, root: store.concat([store.star(ab), quote]))
    #expect(runs(free).depth(of: free.start) == nil)  // the state's own head: searched by the caller
    let member = store.union([store.concat([store.literal("x"), quote]), store.concat([store.star(ab), quote])])
    let keyLike = try LazyDFA(store: store, root: member)
    #expect(runs(keyLike).depth(of: keyLike.start) == Int.max)
    // A bounded string: runs up to its bound, under a union member or the state's head.
    let bounded = store.union([
      store.concat([store.literal("x"), quote]), store.concat([store.repeat(ab, min: 0, max: 9), quote]),
    ])
    let b = try LazyDFA(store: store, root: bounded)
    #expect(runs(b).depth(of: b.start) == 9)
    #expect(try allRunsAlive(b, from: b.start, length: 9))
    #expect(try !allRunsAlive(b, from: b.start, length: 10))
    let headBounded = try LazyDFA(store: store, root: store.concat([store.repeat(ab, min: 2, max: 7), quote]))
    #expect(runs(headBounded).depth(of: headBounded.start) == 7)
    // Members that only together keep runs alive (a trie of "any word but x"), under a
    // member: searched there, and the search converges. At the state's top they are left
    // to the caller.
    let split = store.union([
      store.concat([store.literal("a"), store.star(ab)]), store.concat([store.literal("b"), store.star(ab)]),
    ])
    let keyed = try LazyDFA(
      store: store, root: store.union([store.concat([store.literal("x"), quote]), store.concat([split, quote])]))
    #expect(runs(keyed).depth(of: keyed.start) == Int.max)
    let top = try LazyDFA(store: store, root: store.concat([split, quote]))
    #expect(runs(top).depth(of: top.start) == nil)
    // A dead end inside the search: "a" then a or b, "b" then a only ("bb" dies).
    let two = store.union([store.concat([store.literal("a"), ab]), store.literal("ba")])
    let short = try LazyDFA(
      store: store, root: store.union([store.concat([store.literal("x"), quote]), store.concat([two, quote])]))
    #expect(runs(short, searchDepth: 1).depth(of: short.start) == 1)
    // Below the search depth, a member's answer is not enough: the state's own search may
    // prove more, so it is left to the caller.
    #expect(runs(short).depth(of: short.start) == nil)
  }
}
