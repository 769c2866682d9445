import Synchronization

/// How long the runs of a small byte automaton keep the states of a ``LazyDFA`` alive,
/// decided on the states' terms instead of by creating DFA states.
///
/// The runtime asks this of JSON string bodies: in a state where every run of string-body
/// bytes up to D bytes long is a prefix of the state's language, every token made of such
/// bytes (at most D of them) is allowed, without walking it. A search over the state's own
/// DFA would create a DFA state for each (run, position) pair it meets — in a large grammar
/// each costs a derivative of the whole rest of the document — and most are states no
/// token ever reaches. Here the question goes down the term's structure to the part that
/// decides it, where the answer is shared by every state that contains it:
///
/// - a union keeps a run alive when one live member does (the free "any other key" member
///   of an object's key position);
/// - a concatenation `h·tail` with a live tail, when `h` does (the string's own body,
///   before its closing quote and the rest of the document);
/// - `x{lo,hi}` for runs of at most `hi` bytes, when `x*` does (a `maxLength` string: every
///   character takes at least one byte);
/// - anything else (stars, intersections such as a pattern and a length, complements, and
///   unions no single member decides) by a breadth-first search over (run state, term)
///   pairs by derivatives, which ends when no level brings a new pair (every run is alive,
///   whatever its length), a run dies, the search depth is reached, or the pair budget runs
///   out.
///
/// Answers are lower bounds (the first three rules are sufficient, not necessary) and are
/// memoised per term for the life of the DFA.
///
/// Thread safety: every method may be called concurrently (one analysis at a time, under
/// a lock).
public final class RunLiveness: @unchecked Sendable {
  private let dfa: LazyDFA
  private let runTransitions: [UInt8]
  private let runDead: UInt8
  private let probes: [UInt8]
  private let cap: Int
  private let searchDepth: Int
  private let enoughDepth: Int
  private let pairBudget: Int
  /// Guards `memo` (held around the arena's lock; no closure captures an `inout` of either).
  private let lock = Mutex(())
  private var memo: [Term: Int] = [:]
  /// Terms whose liveness search gave up at ``liveSearchLimit``: taken as dead from then
  /// on, without a second search.
  private var undecided: Set<Term> = []
  /// ``probeSignatures(of:arena:)`` per term: the searches from successive positions of a
  /// string meet the same terms.
  private var signatureMemo: [Term: [UInt64]] = [:]
  /// The most terms one liveness search may visit here. The answers are lower bounds, so
  /// a search that gives up only makes one shorter (the walk then checks those tokens);
  /// with the DFA's own limit, grammars with many `oneOf` complements spent minutes per
  /// mask in searches that a shortcut does not need.
  static let liveSearchLimit = 1_024

  /// - Parameters:
  ///   - dfa: the DFA whose states are asked about.
  ///   - runTransitions: the run automaton, `runTransitions[state * 256 + byte]`, starting
  ///     in state 0.
  ///   - runDead: the run automaton's value for "no transition".
  ///   - probes: bytes to try from each pair: at least one byte of each class of the
  ///     partition by (DFA byte class, run-automaton column), so that bytes left out move
  ///     both automata like one that is tried.
  ///   - cap: the longest run that matters; answers are at most `cap` unless every run of
  ///     any length is alive (`Int.max`).
  ///   - searchDepth: how deep a search goes when levels keep bringing new pairs (a
  ///     counter): each level costs a derivative per pair and probe, and states that are
  ///     new at every position would pay it again at every position.
  ///   - enoughDepth: a union member's answer of at least this many bytes is taken for the
  ///     union without searching the union itself (or leaving the state to the caller).
  ///   - pairBudget: the most (run state, term) pairs one search may visit; a search that
  ///     hits it answers the depth it had proven.
  public init(
    dfa: LazyDFA, runTransitions: [UInt8], runDead: UInt8, probes: [UInt8], cap: Int,
    searchDepth: Int, enoughDepth: Int, pairBudget: Int = 4096
  ) {
    self.dfa = dfa
    self.runTransitions = runTransitions
    self.runDead = runDead
    self.probes = probes
    self.cap = cap
    self.searchDepth = min(searchDepth, cap)
    self.enoughDepth = min(enoughDepth, cap)
    self.pairBudget = pairBudget
  }

  /// The largest D ≤ `cap` such that every run of at most D bytes is a prefix of a string
  /// of `state`'s language (a lower bound); `Int.max` when runs of any length are; 0 for
  /// the dead state; nil when only a search from the state itself can tell.
  ///
  /// A search is left to the caller when the deciding part is the state's own head (the
  /// state's term, or the heads of its concatenation) and a union, star or complement:
  /// such a search over the DFA's states meets the same states from one position to the
  /// next, which the DFA has cached, where terms would be derived again. A head
  /// intersection is searched here, to `enoughDepth`: its states differ at every position
  /// (a counter), so over the DFA each (run, position) pair would be a new state.
  public func depth(of state: DFAState) -> Int? {
    if dfa.isDead(state) { return 0 }
    let term = dfa.term(of: state)
    let d = lock.withLock { _ in
      dfa.store.withArena { arena in depth(of: term, knownLive: true, onStatePath: true, arena: &arena) }
    }
    return d < 0 ? nil : d
  }

  private func isLive(_ t: Term, arena: inout TermArena) -> Bool {
    if undecided.contains(t) { return false }
    let limit = min(dfa.stateBudget, Self.liveSearchLimit)
    guard let live = arena.isLive(t, representatives: dfa.representatives, limit: limit) else {
      undecided.insert(t)
      return false
    }
    return live
  }

  /// See ``depth(of:)``; -1 for "search the state". `knownLive` skips the liveness check of
  /// `t`; `onStatePath`: `t` is the state's term or a head of its concatenation.
  private func depth(of t: Term, knownLive: Bool, onStatePath: Bool, arena: inout TermArena) -> Int {
    if let known = memo[t] { return known }
    if !knownLive, !isLive(t, arena: &arena) { return 0 }
    let d: Int
    switch arena.node(t) {
    case .empty, .epsilon, .bytes:
      d = 0
    case .union(let ms):
      var best = 0
      for m in ms where best < cap {
        best = max(best, depth(of: m, knownLive: false, onStatePath: false, arena: &arena))
      }
      // No member alone proves the search depth: the members may together (the
      // branches of a key trie).
      if best >= enoughDepth {
        d = best
      } else if onStatePath {
        return -1
      } else {
        d = max(best, search(t, depthLimit: searchDepth, arena: &arena))
      }
    case .concat(let h, let tail):
      guard isLive(tail, arena: &arena) else { return 0 }
      d = depth(of: h, knownLive: false, onStatePath: onStatePath, arena: &arena)
      if d < 0 { return -1 }
    case .repeat(let x, _, let hi):
      let inner = depth(of: arena.star(x), knownLive: false, onStatePath: false, arena: &arena)
      d = hi < 0 ? inner : min(inner, Int(hi))
    case .intersection:
      // A head intersection (a pattern under a length bound) is searched here too, to the
      // DFA search's depth: over the DFA, every (run, position) pair was a new state.
      d = search(t, depthLimit: onStatePath ? enoughDepth : searchDepth, arena: &arena)
    case .star, .complement:
      if onStatePath { return -1 }
      d = search(t, depthLimit: searchDepth, arena: &arena)
    }
    memo[t] = d
    return d
  }

  /// For each probe, which of `t`'s first-position byte sets hold it (bit i: set i): the
  /// derivative of `t` by a byte depends only on that (``TermArena/firstPositionSets(of:)``),
  /// so inside a pattern most of the grammar-wide probes are redundant. Nil when `t` has
  /// more than ``maxSignatureSets`` sets.
  /// Signatures keep 8 bits free for the run state in ``search(_:depthLimit:arena:)``'s key.
  static let maxSignatureSets = 56

  private func probeSignatures(of t: Term, arena: inout TermArena) -> [UInt64]? {
    if let known = signatureMemo[t] { return known.isEmpty ? nil : known }
    let sets = arena.firstPositionSets(of: t)
    var signatures: [UInt64] = []
    if sets.count <= Self.maxSignatureSets {
      signatures = [UInt64](repeating: 0, count: probes.count)
      for (i, setTerm) in sets.enumerated() {
        let set = arena.byteSet(of: setTerm)
        for (p, b) in probes.enumerated() where set.contains(b) { signatures[p] |= 1 << UInt64(i) }
      }
    }
    signatureMemo[t] = signatures
    return signatures.isEmpty ? nil : signatures
  }

  /// Breadth-first search over (run state, term) pairs, level by level, up to
  /// `depthLimit` bytes unless no level brings a new pair before.
  private func search(_ t: Term, depthLimit: Int, arena: inout TermArena) -> Int {
    var seen = U64Set()
    _ = seen.insert(UInt64(t.id))
    var level: [(UInt8, Term)] = [(0, t)]
    var depth = 0
    while !level.isEmpty {
      // Every run of `depth` bytes is alive here.
      if depth >= depthLimit { return depthLimit }
      var next: [(UInt8, Term)] = []
      var tried: [UInt64] = []
      tried.reserveCapacity(probes.count)
      for (q, term) in level {
        let row = Int(q) * 256
        let signatures = probeSignatures(of: term, arena: &arena)
        tried.removeAll(keepingCapacity: true)
        for (i, b) in probes.enumerated() {
          let q2 = runTransitions[row + Int(b)]
          if q2 == runDead { continue }
          // A probe that agrees with one already tried on the term's first-position sets
          // and on the run automaton leads to the same pair.
          if let signatures {
            let key = signatures[i] << 8 | UInt64(q2)
            if tried.contains(key) { continue }
            tried.append(key)
          }
          let d = arena.derivative(term, b)
          if d == TermArena.emptyTerm || !isLive(d, arena: &arena) { return depth }
          if seen.insert(UInt64(q2) << 32 | UInt64(d.id)) {
            next.append((q2, d))
            if seen.count > pairBudget { return depth }
          }
        }
      }
      level = next
      depth += 1
    }
    return Int.max
  }
}
