import Strait
import StraitAutomata
import StraitTestSupport
import StraitTokenizers
import Testing

@Suite struct MatcherTests {
  /// Masks equal the brute-force reference on random reachable states of every grammar.
  @Test(arguments: RuntimeFixtures.regexes)
  func masksEqualBruteForce(regex: String) throws {
    let vocabulary = try RuntimeFixtures.vocabulary()
    let automaton = try RuntimeFixtures.automaton(regex: regex, vocabulary: vocabulary)
    var rng = SeededRandom(seed: 42)
    var mask = [UInt32](repeating: 0, count: automaton.bitmaskWordCount)
    var checked = 0
    for _ in 0..<20 {
      var matcher = Matcher(automaton)
      for _ in 0..<12 {
        try mask.withUnsafeMutableBufferPointer { try matcher.fillNextTokenBitmask(into: $0) }
        let reference = try RuntimeFixtures.referenceMask(automaton, state: matcher.currentState)
        #expect(mask == reference, "regex \(regex) state \(matcher.currentState)")
        checked += 1
        let allowed = RuntimeFixtures.allowedIDs(mask)
        guard !allowed.isEmpty else { break }
        let token = allowed[Int.random(in: 0..<allowed.count, using: &rng)]
        #expect(try matcher.accept(token))
        if matcher.isTerminated { break }
      }
    }
    #expect(checked > 20)
  }

  @Test func acceptRejectRollbackAndTerminate() throws {
    let vocabulary = try RuntimeFixtures.vocabulary()
    let automaton = try RuntimeFixtures.automaton(regex: #"\{"a":[0-9]{1,3}\}"#, vocabulary: vocabulary)
    let eos = vocabulary.eosTokenIDs[0]
    var matcher = Matcher(automaton)
    let brace = try #require(automaton.trie.tokenIDs(forBytes: Array("{".utf8)).first)
    let x = try #require(automaton.trie.tokenIDs(forBytes: Array("x".utf8)).first)
    #expect(try !matcher.accept(x))
    #expect(matcher.acceptedCount == 0)
    #expect(try matcher.accept(brace))
    #expect(try !matcher.accept(eos))  // not complete yet
    for ch in #""a":7}"#.utf8 {
      let id = try #require(automaton.trie.tokenIDs(forBytes: [ch]).first)
      #expect(try matcher.accept(id), "byte \(ch)")
    }
    #expect(matcher.canTerminate)
    #expect(try matcher.accept(eos))
    #expect(matcher.isTerminated)
    #expect(throws: StraitError.terminated) { try matcher.accept(brace) }
    var mask = [UInt32](repeating: 0, count: automaton.bitmaskWordCount)
    try mask.withUnsafeMutableBufferPointer { try matcher.fillNextTokenBitmask(into: $0) }
    #expect(RuntimeFixtures.allowedIDs(mask) == [eos])
    try matcher.rollback(1)
    #expect(!matcher.isTerminated)
    try matcher.rollback(3)
    #expect(matcher.acceptedCount == 4)
    #expect(throws: StraitError.rollbackBeyondHistory(requested: 5, available: 4)) { try matcher.rollback(5) }
    matcher.reset()
    #expect(matcher.acceptedCount == 0)
    #expect(matcher.currentState == automaton.startState)
  }

  @Test func speculativeAcceptStopsAtFirstRejectedToken() throws {
    let vocabulary = try RuntimeFixtures.vocabulary()
    let automaton = try RuntimeFixtures.automaton(regex: "(true|false|null)", vocabulary: vocabulary)
    let ids = "trux".utf8.map { automaton.trie.tokenIDs(forBytes: [$0])[0] }
    var matcher = Matcher(automaton)
    #expect(try matcher.accept(tokens: ids) == 3)
    #expect(matcher.acceptedCount == 3)
  }

  @Test func specialHolesAndPaddingAreNeverAllowed() throws {
    let vocabulary = try RuntimeFixtures.vocabulary()
    let automaton = try RuntimeFixtures.automaton(regex: ".*", vocabulary: vocabulary)
    var mask = [UInt32](repeating: 0, count: automaton.bitmaskWordCount)
    let matcher = Matcher(automaton)
    try mask.withUnsafeMutableBufferPointer { try matcher.fillNextTokenBitmask(into: $0) }
    let allowed = Set(RuntimeFixtures.allowedIDs(mask))
    for special in vocabulary.specialTokens.map(\.id) where !vocabulary.eosTokenIDs.contains(special) {
      #expect(!allowed.contains(special))
    }
    for id in vocabulary.count..<vocabulary.logitsWidth { #expect(!allowed.contains(id)) }
    #expect(!allowed.contains(vocabulary.count - 2))  // the hole
    #expect(allowed.contains(vocabulary.eosTokenIDs[0]))  // ".*" accepts the empty text
  }

  @Test func badInputIsAnErrorNotACrash() throws {
    let vocabulary = try RuntimeFixtures.vocabulary()
    let automaton = try RuntimeFixtures.automaton(regex: "a+", vocabulary: vocabulary)
    var matcher = Matcher(automaton)
    #expect(throws: StraitError.tokenOutOfRange(id: -1, logitsWidth: vocabulary.logitsWidth)) {
      try matcher.accept(-1)
    }
    #expect(throws: StraitError.tokenOutOfRange(id: vocabulary.logitsWidth, logitsWidth: vocabulary.logitsWidth)) {
      try matcher.accept(vocabulary.logitsWidth)
    }
    var short = [UInt32](repeating: 0, count: automaton.bitmaskWordCount - 1)
    #expect(throws: StraitError.bitmaskTooSmall(words: short.count, required: automaton.bitmaskWordCount)) {
      try short.withUnsafeMutableBufferPointer { try matcher.fillNextTokenBitmask(into: $0) }
    }
    // Padding ids are in range but never allowed.
    #expect(try !matcher.accept(vocabulary.logitsWidth - 1))
  }

  @Test func forcedBytesAndTokens() throws {
    let tokens: [[UInt8]?] = ["{", #""a":"#, "1", "2", "}", "<eos>"].map { Array($0.utf8) }
    let vocabulary = try Vocabulary(tokenBytes: tokens, special: [], eos: [5])
    let automaton = try RuntimeFixtures.automaton(regex: #"\{"a":[0-9]\}"#, vocabulary: vocabulary)
    var matcher = Matcher(automaton)
    #expect(try matcher.forcedBytes() == Array(#"{"a":"#.utf8))
    #expect(try matcher.forcedToken() == 0)
    #expect(try matcher.forcedTokens() == [0, 1])
    #expect(try matcher.accept(tokens: [0, 1]) == 2)
    #expect(try matcher.forcedToken() == nil)  // "1" or "2"
    #expect(try matcher.forcedBytes() == [])
    #expect(try matcher.accept(3))
    #expect(try matcher.forcedBytes() == Array("}".utf8))
  }
}
