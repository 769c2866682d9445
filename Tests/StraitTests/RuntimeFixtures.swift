import Strait
import StraitAutomata
import StraitTestSupport
import StraitTokenizers

/// Small grammars and vocabularies for runtime tests.
enum RuntimeFixtures {
  /// A vocabulary of every single byte, many multi-byte strings over JSON-ish
  /// characters, two special tokens and an EOS; logits width not a multiple of 32.
  static func vocabulary(seed: UInt64 = 7) throws -> Vocabulary {
    var rng = SeededRandom(seed: seed)
    var tokens: [[UInt8]?] = (0..<256).map { [UInt8($0)] }
    let alphabet = Array(#"{}[]":, abcxyz0123456789.-e\"#.utf8) + [0xC3, 0xA9]
    var seen = Set<[UInt8]>(tokens.compactMap { $0 })
    while tokens.count < 1500 {
      let n = Int.random(in: 2...6, using: &rng)
      let t = (0..<n).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
      if seen.insert(t).inserted { tokens.append(t) }
    }
    for literal in [#"{"a":"#, #""a":"#, "true", "false", "null", #"":"#, "12", "345", #"{"#, #"\""#] {
      let t = Array(literal.utf8)
      if seen.insert(t).inserted { tokens.append(t) }
    }
    let special = tokens.count
    tokens.append(Array("<|special|>".utf8))
    let eos = tokens.count
    tokens.append(Array("<|eos|>".utf8))
    tokens.append(nil)  // a hole
    tokens.append(Array("tail".utf8))
    return try Vocabulary(tokenBytes: tokens, special: [special], eos: [eos], logitsWidth: tokens.count + 7)
  }

  /// A token automaton for a full-match regex over `vocabulary`.
  static func automaton(regex: String, vocabulary: Vocabulary) throws -> TokenAutomaton {
    let store = TermStore()
    let root = try compileRegex(regex, mode: .fullMatch, store: store)
    let dfa = try LazyDFA(store: store, root: root)
    return TokenAutomaton(dfa: LazyByteAutomaton(dfa), vocabulary: vocabulary)
  }

  static let regexes: [String] = [
    #"\{"a":[0-9]{1,3}\}"#,
    #"(true|false|null)"#,
    #"\[([0-9]+(, ?[0-9]+)*)?\]"#,
    #""([a-z]|\\")*""#,
    #"[a-zé]{2,5}x?"#,
    #"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?"#,
  ]

  /// The allowed-token set by brute force: each token's bytes run through the DFA.
  static func referenceMask(_ automaton: TokenAutomaton, state: UInt32) throws -> [UInt32] {
    let v = automaton.vocabulary
    var words = [UInt32](repeating: 0, count: automaton.bitmaskWordCount)
    for id in 0..<v.count where !v.isSpecial(id) {
      guard let bytes = v.bytes(of: id), !bytes.isEmpty else { continue }
      var s = state
      var alive = true
      for b in bytes {
        s = try automaton.dfa.nextState(s, b)
        if automaton.dfa.isDead(s) { alive = false; break }
      }
      if alive { words[id >> 5] |= 1 << UInt32(id & 31) }
    }
    if automaton.dfa.isAccepting(state) {
      for id in v.eosTokenIDs { words[id >> 5] |= 1 << UInt32(id & 31) }
    }
    return words
  }

  static func allowedIDs(_ words: [UInt32]) -> [Int] {
    var ids: [Int] = []
    for (wi, w) in words.enumerated() {
      for b in 0..<32 where w & (1 << UInt32(b)) != 0 { ids.append(wi * 32 + b) }
    }
    return ids
  }
}
