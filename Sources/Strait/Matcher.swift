import StraitTokenizers

/// The per-sequence state of constrained decoding: one matcher per generated sequence.
///
/// A matcher is a small value (a reference to the shared ``TokenAutomaton`` plus the
/// stack of DFA states it went through), cheap to create and to copy — a copy is an
/// independent clone. Many matchers on many threads may share one automaton.
///
/// Each step of a decode loop:
///
/// ```swift
/// var matcher = Matcher(automaton)
/// var mask = [UInt32](repeating: 0, count: automaton.bitmaskWordCount)
/// while !matcher.isTerminated {
///   try mask.withUnsafeMutableBufferPointer { try matcher.fillNextTokenBitmask(into: $0) }
///   try applyBitmask(mask, to: &logits)          // StraitKernels
///   let token = sample(logits)
///   guard try matcher.accept(token) else { break } // never false for a masked sample
/// }
/// ```
public struct Matcher: Sendable {
  /// The compiled grammar this matcher walks.
  public let automaton: TokenAutomaton
  /// DFA state after each accepted token; `states[0]` is the start state.
  @usableFromInline var states: [UInt32]
  /// History index at which an end-of-sequence token was accepted, if one was.
  @usableFromInline var terminatedAt: Int?

  /// Creates a matcher at the start of the grammar.
  ///
  /// - Complexity: O(1).
  public init(_ automaton: TokenAutomaton) {
    self.automaton = automaton
    self.states = [automaton.startState]
    self.states.reserveCapacity(64)
  }

  /// The current DFA state.
  @inlinable public var currentState: UInt32 { states[states.count - 1] }

  /// Whether an end-of-sequence token was accepted.
  public var isTerminated: Bool { terminatedAt != nil }

  /// Whether the text so far is a complete document (an end-of-sequence token is allowed).
  public var canTerminate: Bool { terminatedAt != nil || automaton.dfa.isAccepting(currentState) }

  /// Number of tokens accepted since the start (or the last ``reset()``).
  public var acceptedCount: Int { states.count - 1 }

  /// Goes back to the start of the grammar, keeping allocated history capacity.
  public mutating func reset() {
    states.removeAll(keepingCapacity: true)
    states.append(automaton.startState)
    terminatedAt = nil
  }

  /// Writes the bitmask of tokens allowed next into `words`.
  ///
  /// Bit `i % 32` of word `i / 32` is set when token `i` is allowed; the other bits of
  /// the first ``TokenAutomaton/bitmaskWordCount`` words are cleared. Once the
  /// matcher has terminated, only the end-of-sequence tokens are allowed.
  ///
  /// - Parameter words: at least ``TokenAutomaton/bitmaskWordCount`` words.
  /// - Throws: ``StraitError/bitmaskTooSmall(words:required:)``, or
  ///   ``StraitError/stateBudgetExceeded(states:)`` from a lazy DFA.
  /// - Complexity: O(V/32) for a state whose mask is cached (a copy); a walk of the
  ///   vocabulary trie, pruned at dead states, the first time a state is seen.
  public func fillNextTokenBitmask(into words: UnsafeMutableBufferPointer<UInt32>) throws(StraitError) {
    if terminatedAt != nil {
      try automaton.fillEndOfSequenceMask(into: words)
    } else {
      try automaton.fillMask(state: currentState, into: words)
    }
  }

  /// Whether `token` may come next, without changing the matcher.
  ///
  /// - Throws: ``StraitError/tokenOutOfRange(id:logitsWidth:)``.
  /// - Complexity: O(length of the token's bytes).
  public func isAllowed(_ token: Int) throws(StraitError) -> Bool {
    try nextState(after: token) != nil
  }

  /// The DFA state after `token`, nil if it is not allowed.
  @usableFromInline
  func nextState(after token: Int) throws(StraitError) -> UInt32? {
    let vocabulary = automaton.vocabulary
    guard token >= 0 && token < automaton.logitsWidth else {
      throw .tokenOutOfRange(id: token, logitsWidth: automaton.logitsWidth)
    }
    guard terminatedAt == nil else { throw .terminated }
    let state = currentState
    if automaton.isEndOfSequence(token) {
      return automaton.dfa.isAccepting(state) ? state : nil
    }
    guard token < vocabulary.count, !vocabulary.isSpecial(token) else { return nil }
    var result: Result<UInt32?, StraitError> = .success(nil)
    _ = vocabulary.withBytes(of: token) { bytes in
      guard !bytes.isEmpty else { return }
      result = Result { () throws(StraitError) -> UInt32? in
        try automaton.dfa.run(bytes, from: state)
      }
    }
    return try result.get()
  }

  /// Commits `token` if the grammar allows it.
  ///
  /// - Returns: true when accepted; false (state unchanged) when not allowed.
  /// - Throws: ``StraitError/tokenOutOfRange(id:logitsWidth:)``; ``StraitError/terminated``
  ///   after an end-of-sequence token.
  /// - Complexity: O(length of the token's bytes).
  @discardableResult
  public mutating func accept(_ token: Int) throws(StraitError) -> Bool {
    guard let next = try nextState(after: token) else { return false }
    if automaton.isEndOfSequence(token) { terminatedAt = states.count }
    states.append(next)
    return true
  }

  /// Commits draft tokens in order until one is not allowed (speculative decoding).
  ///
  /// - Returns: how many tokens were accepted (a prefix of `tokens`).
  /// - Throws: as ``accept(_:)``; tokens before the failing one stay accepted.
  public mutating func accept(tokens: some Sequence<Int>) throws(StraitError) -> Int {
    var n = 0
    for token in tokens {
      if terminatedAt != nil { break }
      guard try accept(token) else { break }
      n += 1
    }
    return n
  }

  /// Undoes the last `count` accepted tokens (including an end-of-sequence token).
  ///
  /// - Throws: ``StraitError/rollbackBeyondHistory(requested:available:)``.
  public mutating func rollback(_ count: Int) throws(StraitError) {
    guard count >= 0, count <= acceptedCount else {
      throw .rollbackBeyondHistory(requested: count, available: acceptedCount)
    }
    states.removeLast(count)
    if let t = terminatedAt, t >= states.count { terminatedAt = nil }
  }

  /// The bytes every valid continuation must start with (for jump-forward decoding).
  ///
  /// Follows the DFA while exactly one byte keeps it alive and the current text is not
  /// already a complete document. Empty when the next byte is a choice.
  ///
  /// - Parameter limit: the most bytes to return.
  public func forcedBytes(limit: Int = 4096) throws(StraitError) -> [UInt8] {
    guard terminatedAt == nil else { return [] }
    return try automaton.forcedBytes(from: currentState, limit: limit)
  }

  /// The only allowed next token, when exactly one is allowed; nil otherwise.
  public func forcedToken() throws(StraitError) -> Int? {
    guard terminatedAt == nil else { return nil }
    return try automaton.forcedToken(state: currentState)
  }

  /// Tokens forced one after another from here (each the only allowed token), up to `limit`.
  public func forcedTokens(limit: Int = 64) throws(StraitError) -> [Int] {
    var copy = self
    var out: [Int] = []
    while out.count < limit, let t = try copy.forcedToken() {
      guard try copy.accept(t) else { break }
      out.append(t)
    }
    return out
  }
}
