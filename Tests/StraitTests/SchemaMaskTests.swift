import Foundation
import Synchronization
import Strait
import StraitTestSupport
import StraitTokenizers
import Testing

/// Masks of compiled JSON Schemas on real tokenizers equal the brute-force reference (every
/// token's bytes run through the DFA) along seeded random walks, including the states of
/// free strings where the walk takes the string-body shortcut.
@Suite struct SchemaMaskTests {
  static let schemas: [String] = [
    #"{"type":"string"}"#,
    #"{"type":"object","properties":{"name":{"type":"string"},"note":{"type":"string","maxLength":4},"tags":{"type":"array","items":{"type":"string","pattern":"^[a-z]+$"}}},"required":["name"]}"#,
    #"{"type":"array","items":{"anyOf":[{"type":"string","format":"date"},{"type":"integer","minimum":-5}]}}"#,
    #"{"type":"object","additionalProperties":{"type":"string"},"minProperties":1}"#,
    // Longer than the string-body closure's depth limit: long tokens (runs of spaces) are
    // walked, not copied, and must be cut at the bound.
    #"{"type":"string","maxLength":40}"#,
    // A wide character class: the state loops on 38 ASCII bytes, and the tokens made of
    // them are allowed by the self-loop closure, not walked.
    #"{"type":"array","items":{"type":"string","pattern":"^[a-z0-9_-]+$"}}"#,
  ]

  /// Tokenizer files: the fixtures always, the shared real tokenizers when present.
  static var tokenizerPaths: [String] {
    var paths = [
      "fixtures/tokenizers/byte-level-bpe/tokenizer.json",
      "fixtures/tokenizers/gguf/tiny-llama-v3.gguf",
      "fixtures/tokenizers/sentencepiece-bpe/tokenizer.json",
      "fixtures/tokenizers/unigram/tokenizer.json",
    ].map { TestPaths.packageRoot.appendingPathComponent($0).path }
    for name in ["llama-3.1/tokenizer.json", "gpt2/tokenizer.json", "phi-3-mini/tokenizer.json", "qwen2.5/tokenizer.json"] {
      if let url = TestPaths.shared("tokenizers/" + name) { paths.append(url.path) }
    }
    return paths
  }

  @Test(arguments: tokenizerPaths)
  func masksEqualTheBruteForceReference(tokenizerPath: String) throws {
    let vocabulary = try Vocabulary.load(path: tokenizerPath)
    let trie = TokenTrie(vocabulary: vocabulary)
    var rng = SeededRandom(seed: 42)
    var shortcuts = 0
    var checked = 0
    for schema in Self.schemas {
      let automaton = try TokenAutomaton.compile(schema: schema, vocabulary: vocabulary, trie: trie)
      for _ in 0..<2 {
        var matcher = automaton.makeMatcher()
        var words = [UInt32](repeating: 0, count: automaton.bitmaskWordCount)
        for _ in 0..<20 where !matcher.isTerminated {
          try words.withUnsafeMutableBufferPointer { try matcher.fillNextTokenBitmask(into: $0) }
          let reference = try RuntimeFixtures.referenceMask(automaton, state: matcher.currentState)
          #expect(words == reference, "state \(matcher.currentState) of \(schema)")
          checked += 1
          let allowed = RuntimeFixtures.allowedIDs(reference).filter { $0 < vocabulary.count }
          guard !allowed.isEmpty else { break }
          // Half the time prefer a token with structure, so the walk leaves strings.
          let structural = allowed.filter { id in
            vocabulary.bytes(of: id)?.contains { #"{}[],:""#.utf8.contains($0) } ?? false
          }
          let pool = !structural.isEmpty && Bool.random(using: &rng) ? structural : allowed
          let token = pool[Int.random(in: 0..<pool.count, using: &rng)]
          #expect(try matcher.accept(token))
        }
      }
      shortcuts += automaton.statistics.stringBodyShortcuts
    }
    let url = URL(fileURLWithPath: tokenizerPath)
    print("\(url.deletingLastPathComponent().lastPathComponent)/\(url.lastPathComponent): \(checked) masks checked, \(shortcuts) string-body shortcuts")
    #expect(checked > 40)
    #expect(shortcuts > 0, "no free-string state took the shortcut")
  }

  /// Counters far from their bound (a long `maxLength`, a large `maxItems`, a `minItems`
  /// still far away) make states whose masks are shared by prefix key, without a walk:
  /// every shared mask must still equal the brute-force one.
  @Test(arguments: tokenizerPaths.prefix(1) + tokenizerPaths.filter { $0.contains("llama-3.1") })
  func masksSharedByPrefixKeyEqualTheReference(tokenizerPath: String) throws {
    let vocabulary = try Vocabulary.load(path: tokenizerPath)
    let trie = TokenTrie(vocabulary: vocabulary)
    let schemas = [
      #"{"type":"string","maxLength":1000}"#,
      // Walked down to its bound: a state near it must not share a far state's mask.
      #"{"type":"string","maxLength":150}"#,
      #"{"type":"array","items":{"type":"string","pattern":"^[0-9a-f]{6}$"},"maxItems":600}"#,
      #"{"type":"array","items":{"type":"integer","maximum":99},"minItems":300,"maxItems":400}"#,
      #"{"type":"object","properties":{"a":{"type":"array","items":{"type":"boolean"},"maxItems":900}},"required":["a"]}"#,
    ]
    var rng = SeededRandom(seed: 7)
    var shares = 0
    var checked = 0
    for schema in schemas {
      let automaton = try TokenAutomaton.compile(schema: schema, vocabulary: vocabulary, trie: trie)
      var matcher = automaton.makeMatcher()
      var words = [UInt32](repeating: 0, count: automaton.bitmaskWordCount)
      for _ in 0..<60 where !matcher.isTerminated {
        try words.withUnsafeMutableBufferPointer { try matcher.fillNextTokenBitmask(into: $0) }
        let reference = try RuntimeFixtures.referenceMask(automaton, state: matcher.currentState)
        #expect(words == reference, "state \(matcher.currentState) of \(schema)")
        checked += 1
        let allowed = RuntimeFixtures.allowedIDs(reference).filter { $0 < vocabulary.count && !automaton.isEndOfSequence($0) }
        guard !allowed.isEmpty else { break }
        #expect(try matcher.accept(allowed[Int.random(in: 0..<allowed.count, using: &rng)]))
      }
      shares += automaton.statistics.prefixKeyShares
    }
    print("\(tokenizerPath.split(separator: "/").suffix(2).joined(separator: "/")): \(checked) masks checked, \(shares) shared by prefix key")
    #expect(checked > 120)
    #expect(shares > 10, "no state shared a mask by prefix key")
  }

  /// One compiled schema shared by 8 threads that each walk it (new states' masks, the
  /// term-level string-body answers, per-state byte classes and the trie's cached byte-run
  /// sets all computed concurrently) gives the brute-force masks. Run it under the thread
  /// sanitizer with `swift test --sanitize=thread --filter "Concurren|SchemaMask|batchFill"`.
  @Test func concurrentWalksOfOneSchemaEqualTheReference() throws {
    let vocabulary = try Vocabulary.load(path: Self.tokenizerPaths[0])
    let schema = #"{"type":"object","properties":{"id":{"type":"string","pattern":"^[a-z0-9_-]+$"},"name":{"type":"string","maxLength":12},"n":{"type":"integer"}},"additionalProperties":{"type":"string"}}"#
    let shared = try TokenAutomaton.compile(schema: schema, vocabulary: vocabulary)
    let failures = Mutex(0)
    let checked = Mutex(0)
    DispatchQueue.concurrentPerform(iterations: 8) { i in
      var rng = SeededRandom(seed: UInt64(i + 1))
      var matcher = shared.makeMatcher()
      var mask = [UInt32](repeating: 0, count: shared.bitmaskWordCount)
      do {
        for _ in 0..<24 where !matcher.isTerminated {
          try mask.withUnsafeMutableBufferPointer { try matcher.fillNextTokenBitmask(into: $0) }
          let reference = try RuntimeFixtures.referenceMask(shared, state: matcher.currentState)
          if mask != reference { failures.withLock { $0 += 1 } }
          checked.withLock { $0 += 1 }
          let allowed = RuntimeFixtures.allowedIDs(reference).filter { $0 < vocabulary.count }
          guard !allowed.isEmpty else { break }
          if !(try matcher.accept(allowed[Int.random(in: 0..<allowed.count, using: &rng)])) {
            failures.withLock { $0 += 1 }
          }
        }
      } catch {
        failures.withLock { $0 += 1 }
      }
    }
    #expect(failures.withLock { $0 } == 0)
    #expect(checked.withLock { $0 } > 40)
  }
}
