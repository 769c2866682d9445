import CStrait
import Dispatch
import Foundation
import Strait
import StraitTestSupport
import StraitTokenizers
import Testing

@Suite("C ABI: matcher")
struct MatcherABITests {
  /// A vocabulary, a grammar for `regex`, a matcher, and the mask width.
  struct Fixture {
    var set = CABI.tokenSet()
    var vocab: OpaquePointer?
    var grammar: OpaquePointer?
    var matcher: OpaquePointer?
    var words = 0

    init(regex: String = CABI.objectRegex) {
      vocab = CABI.makeVocab(set).1
      grammar = CABI.compileRegex(vocab, regex).1
      _ = strait_matcher_create(grammar, &matcher)
      _ = strait_grammar_bitmask_words(grammar, &words)
    }

    func free() {
      _ = strait_matcher_free(matcher)
      _ = strait_grammar_free(grammar)
      _ = strait_vocab_free(vocab)
    }
  }

  /// Random walks through the C ABI and through the Swift API agree on every mask and
  /// every accept, and end in a document the regex matches.
  @Test(arguments: [CABI.objectRegex, CABI.numberRegex, #"\[([0-9]{1,2}(,[0-9]{1,2}){0,3})?\]"#])
  func agreesWithTheSwiftAPI(regex: String) throws {
    let f = Fixture(regex: regex)
    defer { f.free() }
    let automaton = try TokenAutomaton.compile(regex: regex, vocabulary: CABI.swiftVocabulary(f.set))
    for seed in 1...5 as ClosedRange<UInt64> {
      var rng = SeededRandom(seed: seed)
      var swift = Matcher(automaton)
      #expect(strait_matcher_reset(f.matcher) == STRAIT_OK)
      var expected = [UInt32](repeating: 0, count: automaton.bitmaskWordCount)
      var text: [UInt8] = []
      for _ in 0..<200 {
        let (status, mask) = CABI.mask(f.matcher, words: f.words)
        #expect(status == STRAIT_OK)
        try expected.withUnsafeMutableBufferPointer { try swift.fillNextTokenBitmask(into: $0) }
        #expect(mask == expected)
        let allowed = CABI.allowed(mask)
        try #require(!allowed.isEmpty)
        // Prefer ending once the document may end, so walks terminate.
        var done: Int32 = 0
        #expect(strait_matcher_can_terminate(f.matcher, &done) == STRAIT_OK)
        #expect((done == 1) == swift.canTerminate)
        let token =
          done == 1 && Int.random(in: 0..<3, using: &rng) == 0
          ? Int(f.set.eos) : allowed[Int.random(in: 0..<allowed.count, using: &rng)]
        #expect(strait_matcher_accept_token(f.matcher, Int32(token)) == STRAIT_OK, "\(CABI.lastError)")
        #expect(try swift.accept(token))
        var count = 0
        #expect(strait_matcher_accepted_count(f.matcher, &count) == STRAIT_OK)
        #expect(count == swift.acceptedCount)
        #expect(strait_matcher_is_terminated(f.matcher, &done) == STRAIT_OK)
        if done == 1 { break }
        text += f.set.tokens[token] ?? []
      }
      var done: Int32 = 0
      _ = strait_matcher_is_terminated(f.matcher, &done)
      #expect(done == 1, "seed \(seed): no termination within 200 steps")
      // After termination only end-of-sequence is allowed, and accepting is refused.
      #expect(CABI.allowed(CABI.mask(f.matcher, words: f.words).1) == [Int(f.set.eos)])
      #expect(strait_matcher_accept_token(f.matcher, 48) == STRAIT_TERMINATED)
      let regexMatch = try Regex(regex)
      #expect(String(decoding: text, as: UTF8.self).wholeMatch(of: regexMatch) != nil)
    }
  }

  @Test func acceptRejectsAndRangeChecks() {
    let f = Fixture()
    defer { f.free() }
    let brace = Int32(UInt8(ascii: "{"))
    let digit = Int32(UInt8(ascii: "7"))
    // Not allowed at the start: rejected, state unchanged.
    #expect(strait_matcher_accept_token(f.matcher, digit) == STRAIT_TOKEN_REJECTED)
    #expect(CABI.lastError.contains("token 55"))
    var count = -1
    _ = strait_matcher_accepted_count(f.matcher, &count)
    #expect(count == 0)
    // The special token and the end-of-sequence token are not allowed here either.
    #expect(strait_matcher_accept_token(f.matcher, f.set.special) == STRAIT_TOKEN_REJECTED)
    #expect(strait_matcher_accept_token(f.matcher, f.set.eos) == STRAIT_TOKEN_REJECTED)
    // Ids outside 0..<logits width.
    #expect(strait_matcher_accept_token(f.matcher, -1) == STRAIT_TOKEN_OUT_OF_RANGE)
    #expect(strait_matcher_accept_token(f.matcher, Int32(f.set.logitsWidth)) == STRAIT_TOKEN_OUT_OF_RANGE)
    #expect(CABI.lastError.contains("\(f.set.logitsWidth)"))
    #expect(strait_matcher_accept_token(f.matcher, .max) == STRAIT_TOKEN_OUT_OF_RANGE)
    // Padding ids (vocabulary size ..< logits width) are never allowed.
    #expect(strait_matcher_accept_token(f.matcher, Int32(f.set.logitsWidth - 1)) == STRAIT_TOKEN_REJECTED)
    #expect(strait_matcher_accept_token(f.matcher, brace) == STRAIT_OK)
    #expect(strait_matcher_accept_token(nil, brace) == STRAIT_NULL_POINTER)
  }

  @Test func acceptTokensRollbackAndClone() {
    let f = Fixture()
    defer { f.free() }
    let text = Array(#"{"a":12,"b":"xé"}"#.utf8)
    // Single bytes as tokens (ids 0...255), with é as its two bytes.
    var drafts = text.map { Int32($0) }
    var accepted = -1
    #expect(strait_matcher_accept_tokens(f.matcher, &drafts, drafts.count, &accepted) == STRAIT_OK)
    #expect(accepted == drafts.count)
    var done: Int32 = 0
    _ = strait_matcher_can_terminate(f.matcher, &done)
    #expect(done == 1)
    // A clone continues independently.
    var clone: OpaquePointer?
    #expect(strait_matcher_clone(f.matcher, &clone) == STRAIT_OK)
    defer { _ = strait_matcher_free(clone) }
    #expect(strait_matcher_accept_token(clone, f.set.eos) == STRAIT_OK)
    _ = strait_matcher_is_terminated(clone, &done)
    #expect(done == 1)
    _ = strait_matcher_is_terminated(f.matcher, &done)
    #expect(done == 0)
    // Rollback past the history is refused; within it, state comes back.
    #expect(strait_matcher_rollback(f.matcher, drafts.count + 1) == STRAIT_ROLLBACK_BEYOND_HISTORY)
    #expect(strait_matcher_rollback(f.matcher, -1) == STRAIT_ROLLBACK_BEYOND_HISTORY)
    #expect(strait_matcher_rollback(f.matcher, 6) == STRAIT_OK)
    var count = 0
    _ = strait_matcher_accepted_count(f.matcher, &count)
    #expect(count == drafts.count - 6)
    // Rolling back the end-of-sequence token un-terminates.
    #expect(strait_matcher_rollback(clone, 1) == STRAIT_OK)
    _ = strait_matcher_is_terminated(clone, &done)
    #expect(done == 0)
    // A run stops at the first token that is not allowed.
    #expect(strait_matcher_reset(f.matcher) == STRAIT_OK)
    var run: [Int32] = [123, 34, 97, 34, 58, 120, 125]  // {"a":x}
    #expect(strait_matcher_accept_tokens(f.matcher, &run, run.count, &accepted) == STRAIT_OK)
    #expect(accepted == 5)
    // A run with an out-of-range id reports the accepted prefix with the error.
    #expect(strait_matcher_reset(f.matcher) == STRAIT_OK)
    var bad: [Int32] = [123, 34, 99_999]
    #expect(strait_matcher_accept_tokens(f.matcher, &bad, bad.count, &accepted) == STRAIT_TOKEN_OUT_OF_RANGE)
    #expect(accepted == 2)
    // A run ends at an end-of-sequence token; a run after termination is refused.
    #expect(strait_matcher_reset(f.matcher) == STRAIT_OK)
    var complete = Array(#"{"a":1}"#.utf8).map { Int32($0) } + [f.set.eos, 123]
    #expect(strait_matcher_accept_tokens(f.matcher, &complete, complete.count, &accepted) == STRAIT_OK)
    #expect(accepted == complete.count - 1)
    #expect(strait_matcher_accept_tokens(f.matcher, &complete, 1, &accepted) == STRAIT_TERMINATED)
    #expect(accepted == 0)
    #expect(strait_matcher_accept_tokens(f.matcher, nil, 1, &accepted) == STRAIT_NULL_POINTER)
    #expect(strait_matcher_accept_tokens(f.matcher, nil, 0, &accepted) == STRAIT_OK)
  }

  @Test func forcedBytes() {
    let f = Fixture()
    defer { f.free() }
    var buffer = [UInt8](repeating: 0, count: 16)
    var length = -1
    #expect(strait_matcher_forced_bytes(f.matcher, &buffer, buffer.count, &length) == STRAIT_OK)
    #expect(Array(buffer[..<length]) == Array(#"{"a":"#.utf8))
    // A short buffer gets a prefix.
    #expect(strait_matcher_forced_bytes(f.matcher, &buffer, 2, &length) == STRAIT_OK)
    #expect(length == 2 && Array(buffer[..<2]) == Array(#"{""#.utf8))
    #expect(strait_matcher_forced_bytes(f.matcher, nil, 0, &length) == STRAIT_OK)
    #expect(length == 0)
    #expect(strait_matcher_forced_bytes(f.matcher, nil, 4, &length) == STRAIT_NULL_POINTER)
    #expect(strait_matcher_forced_bytes(f.matcher, &buffer, 4, nil) == STRAIT_NULL_POINTER)
  }

  @Test func fillChecksItsBuffer() {
    let f = Fixture()
    defer { f.free() }
    #expect(strait_matcher_fill_next_token_bitmask(f.matcher, nil, f.words) == STRAIT_NULL_POINTER)
    var short = [UInt32](repeating: 0, count: f.words - 1)
    #expect(strait_matcher_fill_next_token_bitmask(f.matcher, &short, short.count) == STRAIT_BUFFER_TOO_SMALL)
    #expect(CABI.lastError.contains("\(f.words)"))
    #expect(strait_matcher_fill_next_token_bitmask(f.matcher, &short, -1) == STRAIT_INVALID_ARGUMENT)
    // A longer buffer (a model's wider logits row): the extra words are zeroed.
    var long = [UInt32](repeating: 0xFFFF_FFFF, count: f.words + 3)
    #expect(strait_matcher_fill_next_token_bitmask(f.matcher, &long, long.count) == STRAIT_OK)
    #expect(long[f.words...].allSatisfy { $0 == 0 })
    #expect(CABI.allowed(long).contains(Int(UInt8(ascii: "{"))))
    #expect(!CABI.allowed(long).contains { $0 >= f.set.tokens.count })
  }

  @Test func detectsUseAfterFreeAndForeignHandles() {
    let f = Fixture()
    var copy: OpaquePointer?
    #expect(strait_matcher_clone(f.matcher, &copy) == STRAIT_OK)
    #expect(strait_matcher_free(copy) == STRAIT_OK)
    var mask = [UInt32](repeating: 0, count: f.words)
    // Every call on the freed matcher reports it.
    #expect(strait_matcher_fill_next_token_bitmask(copy, &mask, mask.count) == STRAIT_INVALID_HANDLE)
    #expect(CABI.lastError.contains("already freed"))
    #expect(strait_matcher_accept_token(copy, 123) == STRAIT_INVALID_HANDLE)
    #expect(strait_matcher_rollback(copy, 0) == STRAIT_INVALID_HANDLE)
    #expect(strait_matcher_free(copy) == STRAIT_INVALID_HANDLE)
    // The slot is reused by the next handle; the stale one still fails.
    var next: OpaquePointer?
    #expect(strait_matcher_create(f.grammar, &next) == STRAIT_OK)
    #expect(strait_matcher_accept_token(copy, 123) == STRAIT_INVALID_HANDLE)
    #expect(strait_matcher_accept_token(next, 123) == STRAIT_OK)
    _ = strait_matcher_free(next)
    // A handle of another kind, and values that were never handles.
    #expect(strait_matcher_reset(f.grammar) == STRAIT_INVALID_HANDLE)
    #expect(CABI.lastError.contains("is a strait_grammar, expected a strait_matcher"))
    #expect(strait_grammar_free(f.matcher) == STRAIT_INVALID_HANDLE)
    #expect(strait_vocab_free(f.grammar) == STRAIT_INVALID_HANDLE)
    for value: UInt in [1, 0xDEAD_BEEF, 0x7FFF_FFFF_FFFF_0000, UInt.max] {
      let bogus = OpaquePointer(bitPattern: value)
      #expect(strait_matcher_reset(bogus) == STRAIT_INVALID_HANDLE, "0x\(String(value, radix: 16))")
      #expect(strait_grammar_free(bogus) == STRAIT_INVALID_HANDLE)
    }
    // NULL: a no-op for free, an error elsewhere.
    #expect(strait_matcher_free(nil) == STRAIT_OK)
    #expect(strait_matcher_reset(nil) == STRAIT_NULL_POINTER)
    // Freeing the grammar and vocabulary first leaves the matcher working.
    #expect(strait_grammar_free(f.grammar) == STRAIT_OK)
    #expect(strait_vocab_free(f.vocab) == STRAIT_OK)
    #expect(strait_matcher_accept_token(f.matcher, 123) == STRAIT_OK)
    #expect(CABI.mask(f.matcher, words: f.words).0 == STRAIT_OK)
    #expect(strait_matcher_free(f.matcher) == STRAIT_OK)
    var m2: OpaquePointer?
    #expect(strait_matcher_create(f.grammar, &m2) == STRAIT_INVALID_HANDLE)
  }

  @Test func lastErrorIsPerThread() {
    strait_clear_last_error()
    #expect(CABI.lastError == "")
    #expect(strait_matcher_reset(nil) == STRAIT_NULL_POINTER)
    let mine = CABI.lastError
    #expect(mine.contains("strait_matcher_reset"))
    // Another thread fails differently and sees only its own message.
    let seen = ConcurrentResults(count: 0)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      let before = CABI.lastError
      _ = strait_vocab_load("/nonexistent", 0, nil)
      seen.note(before, CABI.lastError)
      done.signal()
    }
    thread.start()
    done.wait()
    #expect(seen.notes == ["", "strait_vocab_load: out is NULL"])
    #expect(CABI.lastError == mine)
    strait_clear_last_error()
    #expect(CABI.lastError == "")
  }

  /// Breaking the one-thread-at-a-time contract serialises the calls: no crash, no torn
  /// state, only the statuses a sequential interleaving can give.
  @Test func concurrentMisuseOfOneMatcherIsSerialised() {
    let f = Fixture()
    defer { f.free() }
    nonisolated(unsafe) let matcher = f.matcher
    let words = f.words
    let statuses = ConcurrentResults(count: 8)
    DispatchQueue.concurrentPerform(iterations: 8) { i in
      var seen = Set<Int32>()
      for _ in 0..<300 {
        seen.insert(Int32(strait_matcher_accept_token(matcher, 123).rawValue))
        seen.insert(Int32(CABI.mask(matcher, words: words).0.rawValue))
        seen.insert(Int32(strait_matcher_rollback(matcher, 1).rawValue))
      }
      statuses.set(i, Array(seen))
    }
    let allowed: Set<Int32> = [
      Int32(STRAIT_OK.rawValue), Int32(STRAIT_TOKEN_REJECTED.rawValue),
      Int32(STRAIT_ROLLBACK_BEYOND_HISTORY.rawValue),
    ]
    #expect(Set(statuses.values.joined()).isSubset(of: allowed))
    var count = -1
    #expect(strait_matcher_accepted_count(matcher, &count) == STRAIT_OK)
    #expect(count == 0 || count == 1)
  }

  /// One grammar shared by matchers on many threads: each walk equals the same walk run
  /// alone, and the batch fill equals the single fills.
  @Test func sharedGrammarAcrossThreadsAndBatchFill() {
    let f = Fixture(regex: CABI.objectRegex)
    defer { f.free() }
    nonisolated(unsafe) let grammar = f.grammar  // handles are plain ids; the grammar is thread-safe
    let words = f.words
    let eos = f.set.eos
    @Sendable func walk(_ seed: UInt64) -> [Int32] {
      var matcher: OpaquePointer?
      guard strait_matcher_create(grammar, &matcher) == STRAIT_OK else { return [] }
      defer { _ = strait_matcher_free(matcher) }
      var rng = SeededRandom(seed: seed)
      var tokens: [Int32] = []
      for _ in 0..<100 {
        let allowed = CABI.allowed(CABI.mask(matcher, words: words).1)
        guard !allowed.isEmpty else { return tokens + [-1] }
        let t = allowed.contains(Int(eos)) ? eos : Int32(allowed[Int.random(in: 0..<allowed.count, using: &rng)])
        guard strait_matcher_accept_token(matcher, t) == STRAIT_OK else { return tokens + [-2] }
        tokens.append(t)
        if t == eos { break }
      }
      return tokens
    }
    let serial = (0..<16).map { walk(UInt64($0)) }
    let parallel = ConcurrentResults(count: 16)
    DispatchQueue.concurrentPerform(iterations: 16) { i in parallel.set(i, walk(UInt64(i))) }
    #expect(parallel.values == serial)
    #expect(serial.allSatisfy { $0.last == eos })

    // Batch fill: matchers in different states (and one repeated) fill their rows.
    var matchers: [OpaquePointer?] = []
    for (i, tokens) in serial.prefix(5).enumerated() {
      var m: OpaquePointer?
      _ = strait_matcher_create(grammar, &m)
      var prefix = Array(tokens.prefix(i * 2))
      var n = 0
      _ = strait_matcher_accept_tokens(m, &prefix, prefix.count, &n)
      matchers.append(m)
    }
    matchers.append(matchers[1])
    defer { for m in matchers.dropLast() { _ = strait_matcher_free(m) } }
    let stride = words + 2
    var rows = [UInt32](repeating: 0xFFFF_FFFF, count: matchers.count * stride)
    #expect(strait_fill_next_token_bitmasks(matchers, matchers.count, &rows, stride, rows.count) == STRAIT_OK)
    for (i, m) in matchers.enumerated() {
      var single = CABI.mask(m, words: words).1
      single += [0, 0]
      #expect(Array(rows[(i * stride)..<((i + 1) * stride)]) == single, "row \(i)")
    }
    // Bad batches write nothing.
    var untouched = [UInt32](repeating: 7, count: matchers.count * stride)
    #expect(strait_fill_next_token_bitmasks(matchers, matchers.count, &untouched, words - 1, untouched.count) == STRAIT_BUFFER_TOO_SMALL)
    #expect(strait_fill_next_token_bitmasks(matchers, matchers.count, &untouched, stride, untouched.count - 1) == STRAIT_BUFFER_TOO_SMALL)
    var withFreed = matchers
    var freed: OpaquePointer?
    _ = strait_matcher_create(grammar, &freed)
    _ = strait_matcher_free(freed)
    withFreed[3] = freed
    #expect(strait_fill_next_token_bitmasks(withFreed, withFreed.count, &untouched, stride, untouched.count) == STRAIT_INVALID_HANDLE)
    #expect(CABI.lastError.contains("matchers[3]"))
    withFreed[3] = nil
    #expect(strait_fill_next_token_bitmasks(withFreed, withFreed.count, &untouched, stride, untouched.count) == STRAIT_NULL_POINTER)
    #expect(untouched.allSatisfy { $0 == 7 })
    #expect(strait_fill_next_token_bitmasks(nil, 2, &untouched, stride, untouched.count) == STRAIT_NULL_POINTER)
    #expect(strait_fill_next_token_bitmasks(nil, 0, nil, 0, 0) == STRAIT_OK)
    #expect(strait_fill_next_token_bitmasks(matchers, -1, &untouched, stride, untouched.count) == STRAIT_INVALID_ARGUMENT)
  }
}

/// Results written by concurrent workers, one slot each.
final class ConcurrentResults: @unchecked Sendable {
  private let lock = NSLock()
  private var storage: [[Int32]]
  init(count: Int) { storage = Array(repeating: [], count: count) }
  func set(_ i: Int, _ value: [Int32]) { lock.withLock { storage[i] = value } }
  var values: [[Int32]] { lock.withLock { storage } }
  private var strings: [String] = []
  func note(_ values: String...) { lock.withLock { strings += values } }
  var notes: [String] { lock.withLock { strings } }
}
