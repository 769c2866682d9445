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
    guard let dfa = try? LazyDFA(store: store, root: t, stateBudget: limit + 1) else { return nil }
    if dfa.isDead(dfa.start) { return store.empty }
    let reps = dfa.classRepresentatives
    var index: [DFAState: Int] = [dfa.start: 0]
    var states = [dfa.start]
    var edges: [[Int]] = []
    var k = 0
    while k < states.count {
      let s = states[k]
      k += 1
      var row = [Int](repeating: -1, count: reps.count)
      for (c, b) in reps.enumerated() {
        guard let next = try? dfa.next(s, b) else { return nil }
        if dfa.isDead(next) { continue }
        if let i = index[next] {
          row[c] = i
        } else {
          if states.count >= limit { return nil }
          index[next] = states.count
          row[c] = states.count
          states.append(next)
        }
      }
      edges.append(row)
    }
    // Symbols: the bytes of each class.
    var bytesOfClass = [[UInt8]](repeating: [], count: reps.count)
    for b in 0...255 { bytesOfClass[Int(dfa.byteClass(of: UInt8(b)))].append(UInt8(b)) }
    let symbols = bytesOfClass.map { bytes in
      store.union(bytes.map { store.byteRange($0, $0) })
    }
    var small = SmallDFA(symbols: symbols, stateCount: states.count, start: 0)
    for (i, s) in states.enumerated() {
      small.accepting[i] = dfa.isAccepting(s)
      small.transitions[i] = edges[i]
    }
    return small.minimized().term(in: store, workLimit: 20_000)
  }

  /// `t`, made positive when small; records the construct when it stays boolean.
  func scalarBoolean(_ reason: String, _ t: Term) -> Term {
    if let p = positive(t, limit: 300) { return p }
    return bool(reason, t)
  }
}
