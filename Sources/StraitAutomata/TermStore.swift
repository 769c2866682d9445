import Synchronization

/// The owner of hash-consed regular terms over bytes.
///
/// A store builds ``Term`` values with simplifying ("smart") constructors: unions and
/// intersections are flattened, sorted and deduplicated (associativity, commutativity,
/// idempotence), ∅ and ε are simplified away, Σ* absorbs unions, `¬¬t = t`, and counted
/// repetition is kept as one node with counters (so `a{1000}` costs one term, not 1000).
/// Languages are sets of byte strings; ``codePoints(_:)`` and ``literal(_:)`` lower Unicode
/// text to its UTF-8 bytes.
///
/// ```swift
/// let store = TermStore()
/// let digits = store.plus(store.byteRange(0x30, 0x39))
/// let noLeadingZero = store.difference(digits, store.concat([store.literal("0"), digits]))
/// let dfa = try LazyDFA(store: store, root: noLeadingZero)
/// try dfa.matches(Array("120".utf8))   // true
/// ```
///
/// All methods are thread-safe (one internal lock); ``LazyDFA`` instances built on one
/// store may run concurrently. Terms live as long as the store: the arena only grows.
public final class TermStore: @unchecked Sendable {
  let arena: Mutex<TermArena>

  /// Creates an empty store.
  public init() { arena = Mutex(TermArena()) }

  /// Creates a store holding a copy of `other`'s terms, under the same ids, that then
  /// grows on its own (neither store sees the other's later terms).
  ///
  /// Terms built once in a template store can so be reused by many compilations without
  /// being rebuilt; the copy costs a few array copies, made on the first new term.
  package init(copying other: TermStore) { arena = Mutex(other.arena.withLock { $0 }) }

  /// ∅, the empty language.
  public var empty: Term { TermArena.emptyTerm }
  /// ε, the language holding only the empty string.
  public var epsilon: Term { TermArena.epsilonTerm }
  /// Any single byte.
  public var anyByte: Term { TermArena.anyByteTerm }
  /// Σ*, every byte string (including invalid UTF-8).
  public var anyByteString: Term { TermArena.anyByteStringTerm }

  /// The number of distinct terms built so far (grows with derivatives too).
  public var termCount: Int { arena.withLock { $0.count } }

  /// One byte in `lo...hi` (∅ when `lo > hi`).
  public func byteRange(_ lo: UInt8, _ hi: UInt8) -> Term {
    arena.withLock { $0.bytes(ByteSet(lo, hi)) }
  }

  /// One byte of `set`.
  package func byteSet(_ set: ByteSet) -> Term { arena.withLock { $0.bytes(set) } }

  /// The literal byte string `b`.
  public func bytes(_ b: some Sequence<UInt8>) -> Term {
    let leaves = b.map { ByteSet($0, $0) }
    return arena.withLock { a in a.concat(leaves.map { a.bytes($0) }) }
  }

  /// The UTF-8 encoding of `s`.
  public func literal(_ s: String) -> Term { bytes(s.utf8) }

  /// One code point of `set`, as its UTF-8 encoding (valid UTF-8 only; surrogates dropped).
  ///
  /// - Complexity: O(r) terms for r ranges; memoised per set.
  public func codePoints(_ set: CodePointSet) -> Term {
    arena.withLock { $0.codePoints(set) }
  }

  /// The concatenation of `ts` in order (ε when empty).
  public func concat(_ ts: [Term]) -> Term { arena.withLock { $0.concat(ts) } }

  /// The union of `ts` (∅ when empty).
  public func union(_ ts: [Term]) -> Term { arena.withLock { $0.union(ts) } }

  /// The intersection of `ts` (Σ* when empty).
  public func intersection(_ ts: [Term]) -> Term { arena.withLock { $0.intersection(ts) } }

  /// The complement of `t` relative to Σ* (all byte strings, including invalid UTF-8).
  public func complement(_ t: Term) -> Term { arena.withLock { $0.complement(t) } }

  /// `a ∧ ¬b`.
  public func difference(_ a: Term, _ b: Term) -> Term {
    arena.withLock { $0.intersection([a, $0.complement(b)]) }
  }

  /// Zero or more repetitions of `t`.
  public func star(_ t: Term) -> Term { arena.withLock { $0.star(t) } }

  /// One or more repetitions of `t`.
  public func plus(_ t: Term) -> Term { arena.withLock { $0.repeat(t, min: 1, max: nil) } }

  /// `t` or ε.
  public func optional(_ t: Term) -> Term { arena.withLock { $0.union([t, TermArena.epsilonTerm]) } }

  /// Between `min` and `max` repetitions of `t` (`max == nil`: no upper bound).
  ///
  /// The repetition is one term whose derivatives count down, so large bounds cost no
  /// extra terms up front (the DFA still needs a state per counter value it visits).
  ///
  /// An empty range (`max < min`) gives ∅.
  ///
  /// - Precondition: `0 <= min`, and `min` and `max` are at most `Int32.max` (callers cap
  ///   schema-provided counts first).
  public func `repeat`(_ t: Term, min: Int, max: Int?) -> Term {
    precondition(min >= 0, "negative repeat count")
    precondition(min <= Int(Int32.max) && (max ?? 0) <= Int(Int32.max), "repeat bound too large")
    return arena.withLock { $0.repeat(t, min: min, max: max) }
  }

  /// Whether `t` accepts the empty string.
  public func isNullable(_ t: Term) -> Bool { arena.withLock { $0.isNullable(t) } }

  /// The derivative of `t` by `byte`: `{ w | byte·w ∈ L(t) }`.
  ///
  /// - Complexity: memoised per (term, byte); a first call is linear in the size of the
  ///   part of the term it descends into.
  public func derivative(_ t: Term, by byte: UInt8) -> Term {
    arena.withLock { $0.derivative(t, byte) }
  }

  /// The derivative automaton of `t`, every state built: states are the distinct
  /// derivatives (∅ is left out as "no transition"), transitions are by byte class.
  ///
  /// Unlike ``LazyDFA``, no state's liveness is searched: states whose language is empty
  /// (possible under intersection and complement) are kept, for the caller to drop by
  /// co-reachability once the automaton is complete. For callers that build the whole
  /// automaton anyway (turning a small boolean term into a positive one), where a
  /// liveness search per new state cost more than the derivatives.
  ///
  /// - Returns: nil when the automaton has more than `stateLimit` states.
  /// - Complexity: one derivative per state and part of its byte partition.
  package func explore(_ t: Term, stateLimit: Int) -> ExploredAutomaton? {
    arena.withLock { $0.explore(t, stateLimit: stateLimit) }
  }

  /// The structure of `t` (for tests and debugging).
  package func node(_ t: Term) -> TermNode { arena.withLock { $0.node(t) } }

  /// Runs `body` with the arena locked.
  func withArena<R, E: Error>(_ body: (inout TermArena) throws(E) -> R) throws(E) -> R {
    try arena.withLock { (a: inout TermArena) throws(E) -> R in try body(&a) }
  }
}
