extension LazyDFA {
  /// A random byte string that leads from `state` to acceptance, at most `maxLength` long.
  ///
  /// At each step the next byte is drawn uniformly from the bytes that keep the walk live
  /// and can still reach acceptance within the remaining length; at an accepting state the
  /// walk stops with a probability that grows with the length so far (biased to finish).
  /// Used by `strait regex --sample` and by soundness tests: every result is accepted.
  ///
  /// - Parameters:
  ///   - state: where to start (usually ``start``).
  ///   - rng: the random source (pass a seeded generator for reproducible output).
  ///   - maxLength: the longest string to return.
  /// - Returns: the bytes, or nil when no accepted string of at most `maxLength` bytes
  ///   starts at `state`.
  /// - Throws: ``DFAError`` when exploring needs more states than the budget.
  /// - Complexity: O(maxLength × 256) transitions, plus one breadth-first search per new
  ///   state met (memoised) to know its distance to acceptance.
  public func sample<R: RandomNumberGenerator>(
    from state: DFAState, using rng: inout R, maxLength: Int
  ) throws(DFAError) -> [UInt8]? {
    // Distances are facts about the DFA: keep them between calls.
    var distances = distanceCache.withLock { $0 }
    defer { distanceCache.withLock { [distances] in $0.merge(distances) { a, _ in a } } }
    guard let d0 = try distanceToAccept(state, memo: &distances), d0 <= maxLength else {
      return nil
    }
    var s = state
    var out: [UInt8] = []
    while true {
      let remaining = maxLength - out.count
      if isAccepting(s) {
        let stop = 0.1 + 0.9 * Double(out.count) / Double(max(maxLength, 1))
        if remaining == 0 || Double.random(in: 0..<1, using: &rng) < stop { return out }
      }
      var candidates: [(UInt8, DFAState)] = []
      for b in 0...255 {
        let t = try next(s, UInt8(b))
        if t == Self.dead { continue }
        if let d = try distanceToAccept(t, memo: &distances), d <= remaining - 1 {
          candidates.append((UInt8(b), t))
        }
      }
      guard let (b, t) = candidates.randomElement(using: &rng) else {
        return isAccepting(s) ? out : nil
      }
      out.append(b)
      s = t
    }
  }

  /// The length of the shortest accepted continuation from `s` (nil for dead).
  func distanceToAccept(_ s: DFAState, memo: inout [DFAState: Int]) throws(DFAError) -> Int? {
    if s == Self.dead { return nil }
    if let d = memo[s] { return d }
    var depth: [DFAState: Int] = [s: 0]
    var parent: [DFAState: DFAState] = [:]
    var queue = [s]
    var head = 0
    while head < queue.count {
      let u = queue[head]
      head += 1
      let du = depth[u] ?? 0
      if isAccepting(u) {
        // Every state on the found shortest path gets its exact distance too.
        var cur = u
        while let p = parent[cur] {
          memo[p] = du - (depth[p] ?? 0)
          cur = p
        }
        memo[u] = 0
        memo[s] = du
        return du
      }
      for c in 0..<byteClassCount {
        let v = try next(u, representatives[c])
        if v != Self.dead, depth[v] == nil {
          depth[v] = du + 1
          parent[v] = u
          queue.append(v)
        }
      }
    }
    return nil  // unreachable for a live state: it reaches an accepting state
  }
}
