import StraitAutomata

extension Lowerer {
  /// An equivalent term without intersection or complement, when the language's DFA is
  /// small: the DFA is explored and turned back into a term by state elimination.
  ///
  /// Why: ``LazyDFA`` decides liveness of every state whose term holds an intersection or
  /// a complement *anywhere* by a breadth-first search over derivatives until it meets an
  /// accepting one, i.e. over the rest of the whole document. A string-level intersection
  /// (a `pattern` with `maxLength`) inside a large object therefore makes every DFA
  /// transition search the rest of the object. Positive terms are never searched.
  ///
  /// - Parameters:
  ///   - t: a term, usually a string body or a number language.
  ///   - limit: the most DFA states to explore.
  /// - Returns: the positive equivalent, or nil when the DFA is larger than `limit`.
  /// - Complexity: O(limit × byte classes) derivatives, plus O(states³) for the
  ///   elimination.
  func positive(_ t: Term, limit: Int) -> Term? {
    if let memo = positiveMemo[t] { return memo }
    let result = buildPositive(t, limit: limit)
    positiveMemo[t] = result
    return result
  }

  private func buildPositive(_ t: Term, limit: Int) -> Term? {
    // States with an empty language are explored too (no liveness search per state, which
    // cost more than the derivatives) and dropped by the minimisation.
    guard let explored = store.explore(t, stateLimit: limit) else { return nil }
    // Symbols: the bytes of each class.
    var bytesOfClass = [[UInt8]](repeating: [], count: explored.classCount)
    for b in 0...255 { bytesOfClass[Int(explored.classOf[b])].append(UInt8(b)) }
    let symbols = bytesOfClass.map { bytes in
      store.union(bytes.map { store.byteRange($0, $0) })
    }
    let k = explored.classCount
    var small = SmallDFA(symbols: symbols, stateCount: explored.stateCount, start: 0)
    for s in 0..<explored.stateCount {
      small.accepting[s] = explored.accepting[s]
      small.transitions[s] = explored.transitions[s * k..<(s + 1) * k].map { Int($0) }
    }
    return small.minimized().term(in: store, workLimit: 20_000)
  }

  /// `t`, made positive when small; records the construct when it stays boolean.
  ///
  /// The limit is small because the conversion no longer pays beyond tiny automata. Each
  /// conversion explores the whole DFA, minimises it and eliminates its states (a few
  /// hundred microseconds at 60 states); a failed one explores up to the limit first.
  /// With the limit at 150 this was 17% of compile time on the compile-time p99 band, and
  /// on the MaskBench set lowering it to 0, 20 or 40 took the compile-time p99 from
  /// 22–23 ms to 15–16 ms while the masks cost the same (TBM average 12.7–13.1 µs, p99
  /// 106–117 µs against 13.1 and 110 at 150; same passing count): boolean terms cost
  /// nothing measurable at mask time now that liveness searches derive per part. Tiny
  /// automata (a digit counter, a short enum) are still converted; that costs little.
  func scalarBoolean(_ reason: String, _ t: Term) -> Term {
    if let p = positive(t, limit: Self.positiveStateLimit) { return p }
    return bool(reason, t)
  }

  /// The most DFA states ``scalarBoolean(_:_:)`` explores to make a term positive.
  static let positiveStateLimit = 24
}
