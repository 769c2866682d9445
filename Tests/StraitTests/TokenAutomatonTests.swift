import Dispatch
import Strait
import StraitTestSupport
import StraitTokenizers
import Synchronization
import Testing

@Suite struct TokenAutomatonTests {
  /// Every state's mask, from the lazy automaton, for comparison.
  func lazyMasks(_ lazy: TokenAutomaton, states: [UInt32]) throws -> [[UInt32]] {
    try states.map { s in
      var words = [UInt32](repeating: 0, count: lazy.bitmaskWordCount)
      try words.withUnsafeMutableBufferPointer { try lazy.fillMask(state: s, into: $0) }
      return words
    }
  }

  @Test(arguments: RuntimeFixtures.regexes)
  func precompiledSavedAndLoadedGiveTheSameMasks(regex: String) throws {
    let vocabulary = try RuntimeFixtures.vocabulary()
    let lazy = try RuntimeFixtures.automaton(regex: regex, vocabulary: vocabulary)
    let eager = try lazy.precompiled()
    #expect(eager.isPrecompiled)
    let states = (1..<UInt32(eager.dfa.stateCount)).map { $0 }
    #expect(!states.isEmpty)
    let expected = try states.map { try RuntimeFixtures.referenceMask(eager, state: $0) }
    #expect(try lazyMasks(eager, states: states) == expected)
    let loaded = try TokenAutomaton.load(try eager.save(), vocabulary: vocabulary)
    #expect(try lazyMasks(loaded, states: states) == expected)
    #expect(loaded.statistics.statesWithMasks == eager.statistics.statesWithMasks)
  }

  @Test func loadingRejectsBadFiles() throws {
    let vocabulary = try RuntimeFixtures.vocabulary()
    let eager = try RuntimeFixtures.automaton(regex: "(true|false)", vocabulary: vocabulary).precompiled()
    let data = try eager.save()
    func message(_ bytes: [UInt8], _ v: Vocabulary) -> String? {
      do {
        _ = try TokenAutomaton.load(bytes, vocabulary: v)
        return nil
      } catch { return error.description }
    }
    #expect(message(Array("NOTSTRAI".utf8) + data.dropFirst(8), vocabulary)?.contains("magic") == true)
    var otherVersion = data
    otherVersion[8] = 99
    #expect(message(otherVersion, vocabulary)?.contains("version 99") == true)
    let other = try RuntimeFixtures.vocabulary(seed: 8)
    #expect(message(data, other)?.contains("different vocabulary") == true)
    for cut in [10, 40, data.count / 2, data.count - 1] {
      #expect(message(Array(data.prefix(cut)), vocabulary)?.contains("truncated") == true, "cut \(cut)")
    }
    #expect(message(data + [0], vocabulary)?.contains("trailing") == true)
    let lazy = try RuntimeFixtures.automaton(regex: "a", vocabulary: vocabulary)
    #expect(throws: StraitError.self) { try lazy.save() }
  }

  @Test func identicalMasksAreStoredOnce() throws {
    let vocabulary = try RuntimeFixtures.vocabulary()
    // "q" is in no multi-byte token: the six states before the end all allow only "q".
    let eager = try RuntimeFixtures.automaton(regex: "q{6}", vocabulary: vocabulary).precompiled()
    let stats = eager.statistics
    #expect(stats.statesWithMasks == 7)
    #expect(stats.distinctMasks == 2)
  }

  @Test func concurrentMatchersSeeTheSameMasksAsOneThread() throws {
    let vocabulary = try RuntimeFixtures.vocabulary()
    let regex = #"\[([0-9]+(, ?[0-9]+)*)?\]"#
    // Reference: a random walk on one thread, recording tokens and masks.
    let reference = try RuntimeFixtures.automaton(regex: regex, vocabulary: vocabulary)
    var rng = SeededRandom(seed: 9)
    var walks: [[Int]] = []
    for _ in 0..<16 {
      var matcher = Matcher(reference)
      var walk: [Int] = []
      var mask = [UInt32](repeating: 0, count: reference.bitmaskWordCount)
      for _ in 0..<10 {
        try mask.withUnsafeMutableBufferPointer { try matcher.fillNextTokenBitmask(into: $0) }
        let allowed = RuntimeFixtures.allowedIDs(mask).filter { !vocabulary.eosTokenIDs.contains($0) }
        guard !allowed.isEmpty else { break }
        let t = allowed[Int.random(in: 0..<allowed.count, using: &rng)]
        try matcher.accept(t)
        walk.append(t)
      }
      walks.append(walk)
    }
    // A fresh automaton shared by 16 threads replaying the walks; compare with brute force.
    let shared = try RuntimeFixtures.automaton(regex: regex, vocabulary: vocabulary)
    let failures = Mutex(0)
    let replays = walks
    DispatchQueue.concurrentPerform(iterations: walks.count) { i in
      var matcher = Matcher(shared)
      var mask = [UInt32](repeating: 0, count: shared.bitmaskWordCount)
      for t in replays[i] {
        do {
          try mask.withUnsafeMutableBufferPointer { try matcher.fillNextTokenBitmask(into: $0) }
          if mask != (try RuntimeFixtures.referenceMask(shared, state: matcher.currentState)) {
            failures.withLock { $0 += 1 }
          }
          if !(try matcher.accept(t)) { failures.withLock { $0 += 1 } }
        } catch {
          failures.withLock { $0 += 1 }
        }
      }
    }
    #expect(failures.withLock { $0 } == 0)
  }

  @Test func batchFillEqualsOneByOne() throws {
    let vocabulary = try RuntimeFixtures.vocabulary()
    let a = try RuntimeFixtures.automaton(regex: "(true|false|null)", vocabulary: vocabulary)
    let b = try RuntimeFixtures.automaton(regex: "[0-9]+", vocabulary: vocabulary)
    var m1 = Matcher(a)
    let t = a.trie.tokenIDs(forBytes: Array("t".utf8))[0]
    try m1.accept(t)
    let matchers = [Matcher(a), m1, Matcher(b)]
    let stride = a.bitmaskWordCount + 3
    var batch = [UInt32](repeating: 0xFFFF_FFFF, count: matchers.count * stride)
    try batch.withUnsafeMutableBufferPointer {
      try Matcher.fillNextTokenBitmasks(matchers, into: $0, wordsPerRow: stride)
    }
    for (i, m) in matchers.enumerated() {
      var one = [UInt32](repeating: 0, count: a.bitmaskWordCount)
      try one.withUnsafeMutableBufferPointer { try m.fillNextTokenBitmask(into: $0) }
      #expect(Array(batch[(i * stride)..<(i * stride + a.bitmaskWordCount)]) == one)
    }
    #expect(throws: StraitError.self) {
      try batch.withUnsafeMutableBufferPointer {
        try Matcher.fillNextTokenBitmasks(matchers, into: $0, wordsPerRow: 1)
      }
    }
  }
}
