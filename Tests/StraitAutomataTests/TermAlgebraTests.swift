import StraitAutomata
import StraitTestSupport
import Testing

@Suite struct TermAlgebraTests {
  let store = TermStore()
  var a: Term { store.literal("a") }
  var b: Term { store.literal("b") }

  func dfa(_ t: Term) throws -> LazyDFA { try LazyDFA(store: store, root: t) }

  /// The first-byte filter of derivatives: every byte of a set may start it; ASCII bytes
  /// other than controls are exact, and the rest share a bucket by `b & 0x1F` only.
  @Test func firstBytesOverApproximateByFolding() {
    for b in 0...255 {
      let first = FirstBytes(ByteSet(UInt8(b), UInt8(b)))
      let hits = (0...255).filter { first.mayStart(UInt8($0)) }
      #expect(hits.contains(b), "byte \(b)")
      if (0x20..<0x80).contains(b) {
        #expect(hits == [b], "byte \(b): \(hits)")
      } else {
        #expect(hits.allSatisfy { $0 & 0x1F == b & 0x1F && ($0 < 0x20 || $0 >= 0x80) }, "byte \(b): \(hits)")
      }
    }
    #expect((0...255).allSatisfy { FirstBytes(.full).mayStart(UInt8($0)) })
    #expect(!(0...255).contains { FirstBytes(ByteSet()).mayStart(UInt8($0)) })
  }

  @Test func intersectionWithComplementIsDead() throws {
    #expect(try dfa(store.intersection([a, store.complement(a)])).start == LazyDFA.dead)
    let ab = store.concat([store.star(a), b])
    #expect(try dfa(store.difference(ab, ab)).isDead(try dfa(store.difference(ab, ab)).start))
  }

  @Test func emptinessNeedsSearchAndIsExact() throws {
    // a*b* ⊆ (a|b)*, so a*b* ∧ ¬(a|b)* is empty although no rule sees it syntactically.
    let asbs = store.concat([store.star(a), store.star(b)])
    let anyAB = store.star(store.union([a, b]))
    let empty = try dfa(store.difference(asbs, anyAB))
    #expect(empty.isDead(empty.start))
    // The other way round is not empty: "ba" is in (a|b)* but not in a*b*.
    let live = try dfa(store.difference(anyAB, asbs))
    #expect(!live.isDead(live.start))
    #expect(try live.matches(Array("ba".utf8)))
    #expect(try !live.matches(Array("aab".utf8)))
    // After "ab", only strings that later break the a*b* shape remain; after "a" the state
    // is live (e.g. "aba"), and a prefix like "c" is dead.
    #expect(try !live.isDead(live.run(Array("ab".utf8), from: live.start)))
    #expect(try live.run(Array("c".utf8), from: live.start) == LazyDFA.dead)
  }

  /// The quick liveness check walks the term as a DAG: an undecided subterm (here an
  /// intersection) shared by 2^60 paths is visited once, not once per path. Before the
  /// per-check stamps this hung (the first mask of a MaskBench schema never finished).
  @Test(.timeLimit(.minutes(1))) func livenessWalkVisitsSharedSubtermsOnce() throws {
    let c = store.literal("c")
    let aOrB = store.star(store.union([a, b]))
    // Non-empty (it has "a") but not decidable without a search.
    var t = store.intersection([store.concat([a, aOrB]), store.concat([a, store.star(store.union([a, c]))])])
    for _ in 0..<60 {
      t = store.union([store.concat([a, t, a]), store.concat([b, t, b])])
    }
    let live = try dfa(t)
    #expect(!live.isDead(live.start))
    #expect(try live.matches(Array(String(repeating: "a", count: 121).utf8)))
    #expect(try !live.matches(Array(String(repeating: "a", count: 119).utf8)))
    // The same shape around an empty intersection is dead.
    var d = store.intersection([store.concat([a, aOrB]), store.concat([a, c, aOrB])])
    for _ in 0..<60 {
      d = store.union([store.concat([a, d, a]), store.concat([b, d, b])])
    }
    #expect(try dfa(d).start == LazyDFA.dead)
  }

  /// `TermStore.explore` (the whole derivative automaton, no liveness search) accepts
  /// exactly the term's strings, empty-language states included.
  @Test func exploredAutomatonMatchesOnRandomTerms() {
    var rng = SeededRandom(seed: 0xE8F1)
    let gen = RandomTerms(store: store, alphabet: Array("abc".utf8))
    let strings = gen.allStrings(upTo: 5)
    for round in 0..<150 {
      let t = gen.term(depth: 4, using: &rng)
      guard let x = store.explore(t, stateLimit: 10_000) else {
        Issue.record("round \(round): more than 10,000 states")
        continue
      }
      for w in strings {
        var s: Int32 = 0
        for byte in w where s >= 0 { s = x.transitions[Int(s) * x.classCount + Int(x.classOf[Int(byte)])] }
        let accepted = s >= 0 && x.accepting[Int(s)]
        #expect(accepted == ReferenceMatcher.matches(t, w, store: store), "round \(round): \(w)")
      }
    }
    // The limit counts states: a{0,50} has 51.
    #expect(store.explore(store.repeat(a, min: 0, max: 50), stateLimit: 50) == nil)
    #expect(store.explore(store.repeat(a, min: 0, max: 50), stateLimit: 51)?.stateCount == 51)
  }

  @Test func deadStatesAreExactOnRandomTerms() throws {
    var rng = SeededRandom(seed: 0xDEAD)
    let gen = RandomTerms(store: store, alphabet: Array("abc".utf8))
    let prefixes = gen.allStrings(upTo: 3)
    let suffixes = gen.allStrings(upTo: 4)
    for round in 0..<150 {
      let t = gen.term(depth: 4, using: &rng)
      let d = try dfa(t)
      for p in prefixes {
        let s = try d.run(p, from: d.start)
        if d.isDead(s) {
          let witness = suffixes.first { ReferenceMatcher.matches(t, p + $0, store: store) }
          #expect(witness == nil, "round \(round): dead after \(p) but accepts \(p + (witness ?? []))")
        } else {
          // A live state reaches an accepting one: breadth-first over the DFA.
          var seen: Set<DFAState> = [s]
          var queue = [s]
          var found = false
          var head = 0
          while head < queue.count, !found {
            let u = queue[head]
            head += 1
            if d.isAccepting(u) { found = true }
            for byte in d.classRepresentatives {
              let v = try d.next(u, byte)
              if !d.isDead(v), seen.insert(v).inserted { queue.append(v) }
            }
          }
          #expect(found, "round \(round): live state after \(p) reaches no accepting state")
        }
      }
    }
  }

  /// A state's transitions are filled a part of its own (coarser) class partition at a
  /// time; every byte must still land on the state of its own derivative. Terms over eight
  /// letters with ranges give many grammar classes and few per state.
  @Test func perStateClassesGiveEachBytesOwnDerivative() throws {
    var rng = SeededRandom(seed: 0xC1A55)
    let gen = RandomTerms(store: store, alphabet: Array("abcdefgh".utf8))
    var checked = 0
    var filledByAnotherClass = 0
    for round in 0..<120 {
      let t = gen.term(depth: 4, using: &rng)
      let d = try dfa(t)
      var queue = d.isDead(d.start) ? [] : [d.start]
      var seen = Set(queue)
      var head = 0
      while head < queue.count, head < 40 {
        let s = queue[head]
        head += 1
        let term = d.term(of: s)
        var classesMet: Set<UInt8> = []
        // Bytes are asked in an order that leaves most classes to be filled by another's
        // derivative.
        for byte in (0...255).reversed().map(UInt8.init) {
          let cachedBefore = d.cachedTransition(s.rawValue, byte) != 0
          let next = try d.next(s, byte)
          if classesMet.insert(d.byteClass(of: byte)).inserted, cachedBefore {
            filledByAnotherClass += 1
          }
          let direct = store.derivative(term, by: byte)
          if d.isDead(next) {
            let alone = try dfa(direct)
            #expect(alone.isDead(alone.start), "round \(round): byte \(byte) dead but \(direct) is live")
          } else {
            #expect(d.term(of: next) == direct, "round \(round): byte \(byte) of state \(s)")
            if seen.insert(next).inserted { queue.append(next) }
          }
          checked += 1
        }
      }
    }
    #expect(checked > 10_000)
    // The shared fills did happen: grammar classes first met with their cell already
    // filled by another class's derivative.
    #expect(filledByAnotherClass > 100, "\(filledByAnotherClass) of \(checked)")
  }

  @Test func dfaAgreesWithReferenceOnRandomTerms() throws {
    var rng = SeededRandom(seed: 42)
    let gen = RandomTerms(store: store, alphabet: Array("abc".utf8))
    let strings = gen.allStrings(upTo: 4)
    for round in 0..<200 {
      let t = gen.term(depth: 4, using: &rng)
      let d = try dfa(t)
      for s in strings {
        let expected = ReferenceMatcher.matches(t, s, store: store)
        #expect(try d.matches(s) == expected, "round \(round): term \(t) on \(s)")
      }
    }
  }

  @Test func deMorganOnRandomTerms() throws {
    var rng = SeededRandom(seed: 7)
    let gen = RandomTerms(store: store, alphabet: Array("abcd".utf8))
    for round in 0..<100 {
      let x = gen.term(depth: 3, using: &rng)
      let y = gen.term(depth: 3, using: &rng)
      let pairs: [(Term, Term)] = [
        (store.complement(store.union([x, y])),
         store.intersection([store.complement(x), store.complement(y)])),
        (store.complement(store.intersection([x, y])),
         store.union([store.complement(x), store.complement(y)])),
        (store.difference(x, y), store.complement(store.union([store.complement(x), y]))),
      ]
      for (lhs, rhs) in pairs {
        let l = try dfa(lhs)
        let r = try dfa(rhs)
        for _ in 0..<60 {
          let s = gen.string(maxLength: 7, using: &rng)
          #expect(try l.matches(s) == r.matches(s), "round \(round): De Morgan differs on \(s)")
        }
      }
    }
  }

  @Test func repeatBounds() throws {
    func check(_ t: Term, accepts: [String], rejects: [String]) throws {
      let d = try dfa(t)
      for s in accepts { #expect(try d.matches(Array(s.utf8)), "should accept \(s)") }
      for s in rejects { #expect(try !d.matches(Array(s.utf8)), "should reject \(s)") }
    }
    try check(store.repeat(a, min: 2, max: 4), accepts: ["aa", "aaa", "aaaa"], rejects: ["", "a", "aaaaa"])
    try check(store.repeat(a, min: 3, max: 3), accepts: ["aaa"], rejects: ["aa", "aaaa"])
    try check(store.repeat(a, min: 2, max: nil), accepts: ["aa", "aaaaaaa"], rejects: ["", "a", "b"])
    let ab = store.literal("ab")
    try check(store.repeat(ab, min: 0, max: 2), accepts: ["", "ab", "abab"], rejects: ["a", "ababab"])
    // A nullable body: (a?){2,3} is a{0,3}.
    try check(store.repeat(store.optional(a), min: 2, max: 3), accepts: ["", "a", "aaa"], rejects: ["aaaa"])
    #expect(store.repeat(store.optional(a), min: 2, max: 3) == store.repeat(store.optional(a), min: 0, max: 3))
  }

  @Test func largeCountedRepeatStaysOneTerm() throws {
    let before = store.termCount
    let t = store.repeat(a, min: 1000, max: 1000)
    #expect(store.termCount - before <= 2)
    let d = try dfa(t)
    #expect(try d.matches([UInt8](repeating: 0x61, count: 1000)))
    #expect(try !d.matches([UInt8](repeating: 0x61, count: 999)))
    #expect(try !d.matches([UInt8](repeating: 0x61, count: 1001)))
  }

  @Test func smartConstructorsSimplify() {
    #expect(store.union([a, b]) == store.union([b, a, store.empty, a]))
    #expect(store.intersection([a, store.anyByteString]) == a)
    #expect(store.complement(store.complement(a)) == a)
    #expect(store.union([a, store.anyByteString]) == store.anyByteString)
    #expect(store.concat([a, store.empty, b]) == store.empty)
    #expect(store.concat([store.epsilon, a, store.epsilon]) == a)
    #expect(store.star(store.star(a)) == store.star(a))
    #expect(store.complement(store.empty) == store.anyByteString)
    #expect(store.byteRange(3, 2) == store.empty)
    #expect(store.intersection([a, store.complement(a)]) == store.empty)
  }

  /// `concat` keeps its last operand whole instead of unrolling it (every concatenation
  /// is already a flattened chain): grouping must never change the term.
  @Test func concatenationGroupingGivesOneTerm() {
    var rng = SeededRandom(seed: 0xC0CA)
    let gen = RandomTerms(store: store, alphabet: Array("ab".utf8))
    for _ in 0..<400 {
      let (x, y, z) = (gen.term(depth: 3, using: &rng), gen.term(depth: 3, using: &rng), gen.term(depth: 3, using: &rng))
      let left = store.concat([store.concat([x, y]), z])
      #expect(store.concat([x, store.concat([y, z])]) == left)
      #expect(store.concat([x, y, z]) == left)
      #expect(store.concat([store.epsilon, x, store.concat([y, z]), store.epsilon]) == left)
      // x*·x* = x*, also where the second x* heads the last operand.
      let s = store.star(x)
      #expect(store.concat([s, store.concat([s, y])]) == store.concat([s, y]))
      #expect(store.concat([s, s]) == s)
    }
  }

  /// A copied store has the original's terms under the same ids and then grows apart.
  @Test func copiedStoreSharesIdsAndGrowsApart() throws {
    let original = TermStore()
    let t = original.concat([original.literal("ab"), original.star(original.byteRange(0x30, 0x39))])
    let count = original.termCount
    let copy = TermStore(copying: original)
    #expect(copy.termCount == count)
    #expect(copy.concat([copy.literal("ab"), copy.star(copy.byteRange(0x30, 0x39))]) == t)
    #expect(copy.termCount == count)
    let u = copy.union([t, copy.literal("xyz")])
    #expect(copy.termCount > count)
    #expect(original.termCount == count)
    #expect(try LazyDFA(store: copy, root: u).matches(Array("ab12".utf8)))
    #expect(try LazyDFA(store: copy, root: u).matches(Array("xyz".utf8)))
    // The original goes on numbering from its own count: ids are per store.
    #expect(original.literal("q").id == UInt32(count))
  }

  @Test func byteClassesFollowTheTermsSets() throws {
    let t = store.concat([store.byteRange(0x61, 0x7A), store.byteRange(0x30, 0x39)])
    let d = try dfa(t)
    // Classes: [0-9], [a-z], everything else.
    #expect(d.byteClassCount == 3)
    #expect(d.byteClass(of: 0x61) == d.byteClass(of: 0x7A))
    #expect(d.byteClass(of: 0x30) != d.byteClass(of: 0x61))
    #expect(d.byteClass(of: 0x00) == d.byteClass(of: 0xFF))
  }

  @Test func codePointsLowerToValidUTF8Only() throws {
    let d = try dfa(store.codePoints(.any))
    for scalar: UInt32 in [0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF] {
      guard let u = Unicode.Scalar(scalar) else { continue }
      #expect(try d.matches(Array(String(u).utf8)), "U+\(String(scalar, radix: 16))")
    }
    // Surrogates, overlong forms and stray continuation bytes are not UTF-8.
    for bad: [UInt8] in [[0xED, 0xA0, 0x80], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF]] {
      #expect(try !d.matches(bad), "\(bad)")
    }
    let greek = try dfa(store.codePoints(.range(0x391, 0x3A9)))
    #expect(try greek.matches(Array("Ω".utf8)))
    #expect(try !greek.matches(Array("ω".utf8)))
  }

  @Test func stateBudgetIsEnforced() throws {
    let t = store.repeat(a, min: 500, max: 500)
    let d = try LazyDFA(store: store, root: t, stateBudget: 100)
    #expect(throws: DFAError.stateBudgetExceeded(states: 100)) {
      try d.matches([UInt8](repeating: 0x61, count: 500))
    }
  }
}

@Suite struct RepeatMergeTests {
  let store = TermStore()

  @Test func touchingRepeatsWithTheSameTailMerge() {
    let a = store.literal("a")
    let b = store.literal("b")
    let merged = store.union([
      store.concat([store.repeat(a, min: 1, max: 2), b]),
      store.concat([store.repeat(a, min: 3, max: 5), b]),
    ])
    #expect(merged == store.concat([store.repeat(a, min: 1, max: 5), b]))
    // A gap keeps them apart: a{1,2}b ∪ a{4,5}b does not contain aaab.
    let gapped = store.union([
      store.concat([store.repeat(a, min: 1, max: 2), b]),
      store.concat([store.repeat(a, min: 4, max: 5), b]),
    ])
    #expect(gapped != store.concat([store.repeat(a, min: 1, max: 5), b]))
    #expect(store.union([a, store.star(a)]) == store.star(a))
    #expect(store.union([store.concat([a, b]), store.concat([store.repeat(a, min: 2, max: nil), b])])
      == store.concat([store.plus(a), b]))
  }

  @Test func nestedCountedRepeatResidualsStaySmall() throws {
    let t = try compileRegex("^(a{1,100}){1,100}$", mode: .search, store: store)
    let dfa = try LazyDFA(store: store, root: t)
    let s = try dfa.run(Array(repeating: 0x61, count: 150), from: dfa.start)
    #expect(dfa.isAccepting(s))
    guard case .union(let members) = store.node(dfa.term(of: s)) else {
      Issue.record("expected a union residual")
      return
    }
    // One member per count of finished outer iterations, not per pair of counters.
    #expect(members.count <= 101)
  }
}

@Suite struct HashConsingTests {
  /// Building the same structure twice gives the same term, across many table growths
  /// (a broken index would give a second id and states would stop deduplicating).
  @Test func sameStructureSameTermAcrossGrowth() {
    let store = TermStore()
    func build(_ i: Int) -> Term {
      let lo = UInt8(i % 200), hi = UInt8(i % 200 + 1 + i % 50)
      let r = store.byteRange(lo, hi)
      let c = store.concat([r, store.literal("k\(i)")])
      return store.union([c, store.star(store.literal("x\(i % 7)")), store.repeat(r, min: 2, max: 2 + i % 5)])
    }
    let first = (0..<20_000).map(build)
    let second = (0..<20_000).map(build)
    #expect(first == second)
    #expect(Set(first).count > 19_000)
  }
}
