import StraitAutomata
import Synchronization
import StraitTokenizers
import StraitKernels

/// A grammar compiled for one vocabulary: the byte DFA plus, per DFA state, the mask of
/// tokens whose bytes keep the DFA alive.
///
/// Masks are computed on the first visit of a state (by walking the vocabulary's byte
/// trie from that state and skipping subtrees that lead to the dead state) and cached;
/// identical masks are stored once. The cache is shared by every ``Matcher`` of the
/// automaton and is safe to use from many threads at once.
///
/// End-of-sequence tokens are allowed exactly in accepting states. Special and control
/// tokens, tokens with no bytes, and ids between the vocabulary size and the logits
/// width are never allowed.
public final class TokenAutomaton: Sendable {
  /// Tuning knobs of the mask cache.
  public struct Options: Sendable {
    /// Most masks kept in the cache before new states' masks are recomputed on every
    /// visit instead of stored (default 65,536 masks).
    public var maxCachedStates: Int = 65_536
    public init() {}
  }

  /// The vocabulary the masks are computed for.
  public let vocabulary: Vocabulary
  /// The byte-level DFA.
  public let dfa: any ByteAutomaton
  /// The byte trie of the vocabulary (shared by every grammar for it).
  public let trie: TokenTrie
  /// Width of a logits row (≥ vocabulary size).
  public let logitsWidth: Int
  /// `UInt32` words in one bitmask: `ceil(logitsWidth / 32)`.
  public let bitmaskWordCount: Int
  /// The options this automaton was created with.
  public let options: Options

  let masks = MaskStore()
  /// Masks computed by a trie walk, and how many of those took the string-body shortcut.
  let walkCounts = Atomic<UInt64>(0)
  let shortcutCounts = Atomic<UInt64>(0)
  /// DFA state → index of its mask in `masks`.
  let stateMasks = Mutex<[UInt32: Int32]>([:])
  /// A derivative DFA's prefix keys (``LazyDFA/prefixKey(of:depth:)``) → index of their
  /// mask in `masks`: states that differ only in a counter far from its bound share a
  /// mask without a walk.
  let prefixKeyMasks = Mutex<[[UInt64]: Int32]>([:])
  /// Masks found under a prefix key instead of by a walk.
  let prefixKeyHits = Atomic<UInt64>(0)
  /// Sorted end-of-sequence ids below the logits width.
  @usableFromInline let eosIDs: [Int32]
  /// Non-special tokens with at least one byte, plus the EOS ids: the universe that
  /// `allExcept` masks are relative to, in bitmask words.
  let candidateWords: [UInt32]
  let candidateCount: Int
  /// Bytes to try when checking whether a state keeps every string body alive.
  let stringBodyProbeBytes: [UInt8]
  /// For a derivative DFA: how long string-body runs keep each state alive, decided on the
  /// states' terms (see ``stringBodyClosure(at:)``).
  let stringBodyRuns: RunLiveness?

  /// Creates the token automaton of `dfa` for `vocabulary`.
  ///
  /// - Parameters:
  ///   - dfa: the grammar's byte-level DFA.
  ///   - vocabulary: the tokenizer's vocabulary.
  ///   - trie: the vocabulary's trie; built here when nil (pass a shared one to reuse it).
  /// - Complexity: O(V) to build the candidate mask (and O(total token bytes) for a trie).
  public init(dfa: any ByteAutomaton, vocabulary: Vocabulary, trie: TokenTrie? = nil, options: Options = .init()) {
    self.dfa = dfa
    self.vocabulary = vocabulary
    self.trie = trie ?? TokenTrie(vocabulary: vocabulary)
    self.options = options
    logitsWidth = vocabulary.logitsWidth
    bitmaskWordCount = (vocabulary.logitsWidth + 31) / 32
    eosIDs = vocabulary.eosTokenIDs.filter { $0 >= 0 && $0 < vocabulary.logitsWidth }.sorted().map { Int32($0) }
    // The trie holds exactly the non-special tokens with bytes.
    var words = [UInt32](repeating: 0, count: (vocabulary.logitsWidth + 31) / 32)
    let trie = self.trie
    var count = trie.tokenCount
    for w in 0..<min(words.count, trie.tokenWords.count) { words[w] = trie.tokenWords[w] }
    for id in eosIDs where words[Int(id) >> 5] & (1 << UInt32(id & 31)) == 0 {
      words[Int(id) >> 5] |= 1 << UInt32(id & 31)
      count += 1
    }
    candidateWords = words
    candidateCount = count
    stringBodyProbeBytes = Self.stringBodyProbeBytes(dfa: dfa, body: trie.stringBody)
    if let lazy = dfa as? LazyByteAutomaton {
      stringBodyRuns = RunLiveness(
        dfa: lazy.dfa, runTransitions: trie.stringBody.transitions, runDead: StringBodyClosure.dead,
        probes: stringBodyProbeBytes, cap: trie.maxDepth, searchDepth: Self.stringBodySearchDepth(self.trie),
        enoughDepth: trie.shortStringBody.depthLimit)
    } else {
      stringBodyRuns = nil
    }
  }

  /// The DFA's start state.
  public var startState: UInt32 { dfa.startState }

  /// Whether `token` is one of the end-of-sequence ids.
  @inlinable
  public func isEndOfSequence(_ token: Int) -> Bool {
    eosIDs.contains(Int32(truncatingIfNeeded: token))
  }

  /// Creates a matcher at the start of this grammar.
  public func makeMatcher() -> Matcher { Matcher(self) }

  // MARK: Statistics

  /// What the automaton holds in memory right now.
  public struct Statistics: Sendable, Equatable {
    /// DFA states created so far.
    public var dfaStates: Int
    /// DFA states whose mask has been computed and cached.
    public var statesWithMasks: Int
    /// Distinct masks stored (identical masks are stored once).
    public var distinctMasks: Int
    /// Bytes used by the stored masks' payloads.
    public var maskBytes: Int
    /// Bytes used by the trie (shared with other grammars of the vocabulary).
    public var trieBytes: Int
    /// Masks computed so far by walking the trie (each state once while the cache has room).
    public var maskWalks: Int = 0
    /// Of those, the walks in a string state that copied the precomputed string-body
    /// tokens (all of them, or those of at most 16 bytes in a length-bounded string) and
    /// visited only the other subtrees.
    public var stringBodyShortcuts: Int = 0
    /// Masks taken without a walk from a state whose languages agree with this one's on
    /// every prefix a token can spell (a counter far from its bound).
    public var prefixKeyShares: Int = 0
  }

  /// Current cache statistics.
  public var statistics: Statistics {
    let (count, bytes) = masks.statistics
    return Statistics(
      dfaStates: dfa.stateCount, statesWithMasks: stateMasks.withLock { $0.count },
      distinctMasks: count, maskBytes: bytes + stateMasks.withLock { $0.count } * 16,
      trieBytes: trie.memoryBytes, maskWalks: Int(walkCounts.load(ordering: .relaxed)),
      stringBodyShortcuts: Int(shortcutCounts.load(ordering: .relaxed)),
      prefixKeyShares: Int(prefixKeyHits.load(ordering: .relaxed)))
  }

  // MARK: Filling masks

  /// Writes the mask of `state` into `words`.
  ///
  /// - Throws: ``StraitError/bitmaskTooSmall(words:required:)``; a DFA budget error.
  public func fillMask(state: UInt32, into words: UnsafeMutableBufferPointer<UInt32>) throws(StraitError) {
    guard words.count >= bitmaskWordCount else {
      throw .bitmaskTooSmall(words: words.count, required: bitmaskWordCount)
    }
    let stored = try storedMask(for: state)
    write(stored, into: words)
  }

  /// Writes a mask allowing only the end-of-sequence tokens.
  func fillEndOfSequenceMask(into words: UnsafeMutableBufferPointer<UInt32>) throws(StraitError) {
    guard words.count >= bitmaskWordCount else {
      throw .bitmaskTooSmall(words: words.count, required: bitmaskWordCount)
    }
    write(.allowed(eosIDs), into: words)
  }

  /// The cached mask of `state`, computing it on first use.
  func storedMask(for state: UInt32) throws(StraitError) -> StoredMask {
    if let index = stateMasks.withLock({ $0[state] }) {
      return masks.mask(at: index)
    }
    let key = (dfa as? LazyByteAutomaton)?.dfa.prefixKey(of: DFAState(rawValue: state), depth: trie.maxDepth)
    if let key, let index = prefixKeyMasks.withLock({ $0[key] }) {
      prefixKeyHits.add(1, ordering: .relaxed)
      remember(index, for: state)
      return masks.mask(at: index)
    }
    let computed = try computeMask(state: state)
    let stored = compress(computed)
    let index = masks.intern(stored)
    remember(index, for: state)
    if let key {
      prefixKeyMasks.withLock { table in
        if table.count < options.maxCachedStates { table[key] = index }
      }
    }
    return stored
  }

  private func remember(_ index: Int32, for state: UInt32) {
    stateMasks.withLock { table in
      if table.count < options.maxCachedStates { table[state] = index }
    }
  }

  private func write(_ mask: StoredMask, into words: UnsafeMutableBufferPointer<UInt32>) {
    let n = bitmaskWordCount
    switch mask {
    case .dense(let dense):
      dense.withUnsafeBufferPointer { src in
        guard let d = words.baseAddress, let s = src.baseAddress else { return }
        d.update(from: s, count: n)
      }
    case .allowed(let ids):
      guard let d = words.baseAddress else { return }
      d.update(repeating: 0, count: n)
      for id in ids { d[Int(id) >> 5] |= 1 << UInt32(id & 31) }
    case .allExcept(let ids):
      candidateWords.withUnsafeBufferPointer { src in
        guard let d = words.baseAddress, let s = src.baseAddress else { return }
        d.update(from: s, count: n)
        for id in ids { d[Int(id) >> 5] &= ~(1 << UInt32(id & 31)) }
      }
    }
  }

  /// Picks the cheapest representation of a dense mask.
  func compress(_ dense: [UInt32]) -> StoredMask {
    // The kernels' popcount: `nonzeroBitCount` is a bit-twiddling sequence on baseline
    // x86-64 (no POPCNT), which made this count a tenth of the time of a new mask.
    let allowed = dense.withUnsafeBufferPointer { words in
      (try? TokenBitmask.allowedCount(words, vocabularySize: words.count * 32)) ?? 0
    }
    // Sparse forms win while writing their ids costs less than copying dense words.
    let threshold = bitmaskWordCount / 8
    if allowed <= threshold {
      var ids: [Int32] = []
      ids.reserveCapacity(allowed)
      dense.withUnsafeBufferPointer { words in
        for wi in 0..<words.count where words[wi] != 0 {
          var bits = words[wi]
          while bits != 0 {
            ids.append(Int32(wi &* 32 &+ bits.trailingZeroBitCount))
            bits &= bits &- 1
          }
        }
      }
      return .allowed(ids)
    }
    if candidateCount - allowed <= threshold {
      var ids: [Int32] = []
      ids.reserveCapacity(candidateCount - allowed)
      dense.withUnsafeBufferPointer { words in
        candidateWords.withUnsafeBufferPointer { candidates in
          for wi in 0..<words.count {
            var bits = candidates[wi] & ~words[wi]
            while bits != 0 {
              ids.append(Int32(wi &* 32 &+ bits.trailingZeroBitCount))
              bits &= bits &- 1
            }
          }
        }
      }
      return .allExcept(ids)
    }
    return .dense(dense)
  }

  /// Computes the dense mask of `state` by walking the trie.
  func computeMask(state: UInt32) throws(StraitError) -> [UInt32] {
    var words = [UInt32](repeating: 0, count: bitmaskWordCount)
    if dfa.isDead(state) { return words }
    try words.withUnsafeMutableBufferPointer { out throws(StraitError) in
      try walkTrie(from: state, into: out)
    }
    if dfa.isAccepting(state) {
      for id in eosIDs { words[Int(id) >> 5] |= 1 << UInt32(id & 31) }
    }
    return words
  }

  // MARK: Forced continuations

  /// Bytes forced from `state` (see ``Matcher/forcedBytes(limit:)``).
  func forcedBytes(from state: UInt32, limit: Int) throws(StraitError) -> [UInt8] {
    var out: [UInt8] = []
    var s = state
    while out.count < limit, !dfa.isAccepting(s) {
      var only: (UInt8, UInt32)? = nil
      var choices = 0
      for b in 0...255 {
        let t = try dfa.nextState(s, UInt8(b))
        if !dfa.isDead(t) {
          choices += 1
          only = (UInt8(b), t)
          if choices > 1 { break }
        }
      }
      guard choices == 1, let (byte, next) = only else { break }
      out.append(byte)
      s = next
    }
    return out
  }

  /// The single allowed token of `state`, if exactly one is allowed.
  func forcedToken(state: UInt32) throws(StraitError) -> Int? {
    let stored = try storedMask(for: state)
    if case .allowed(let ids) = stored { return ids.count == 1 ? Int(ids[0]) : nil }
    var words = [UInt32](repeating: 0, count: bitmaskWordCount)
    words.withUnsafeMutableBufferPointer { write(stored, into: $0) }
    do {
      var found: Int? = nil
      for (wi, w) in words.enumerated() where w != 0 {
        if w.nonzeroBitCount > 1 || found != nil { return nil }
        found = wi * 32 + w.trailingZeroBitCount
      }
      return found
    }
  }
}
