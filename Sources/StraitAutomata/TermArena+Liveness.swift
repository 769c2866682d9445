extension TermArena {
  /// Whether `L(t)` is non-empty, exactly.
  ///
  /// A term without intersection or complement is empty only when it is ∅ (the smart
  /// constructors remove ∅ everywhere else). Otherwise a breadth-first search over the
  /// derivatives by one representative byte per class of `partition` looks for a
  /// nullable term. Results are memoised: a successful search marks the path it found
  /// live; an exhausted one marks every term it visited dead (all of them have an empty
  /// language, since a non-empty one would have led to an accepting term).
  ///
  /// - Parameters:
  ///   - t: the term; `partition` must be valid for it (every byte set in it is a union of
  ///     classes).
  ///   - representatives: one byte per class.
  ///   - limit: the most terms one search may visit.
  /// - Returns: nil when the search hit `limit` before deciding.
  mutating func isLive(_ t: Term, representatives: [UInt8], limit: Int) -> Bool? {
    if let known = quickLiveness(t) { return known }
    var parent: [UInt32: UInt32] = [t.id: t.id]
    var queue: [Term] = [t]
    var head = 0
    while head < queue.count {
      let u = queue[head]
      head += 1
      for b in representatives {
        let d = derivative(u, b)
        if d == Self.emptyTerm || parent[d.id] != nil { continue }
        let known = quickLiveness(d)
        if known == false { continue }
        if known == true {
          // Everything on the path from t to d is live.
          var cur = u.id
          while true {
            livenessMemo[cur] = true
            guard let p = parent[cur], p != cur else { break }
            cur = p
          }
          return true
        }
        parent[d.id] = u.id
        queue.append(d)
        if queue.count > limit { return nil }
      }
    }
    for u in queue { livenessMemo[u.id] = false }
    return false
  }

  /// Liveness decided without search (nil when a search is needed).
  private func quickLiveness(_ t: Term) -> Bool? {
    if t == Self.emptyTerm { return false }
    if isNullable(t) || !hasBoolean(t) { return true }
    return livenessMemo[t.id]
  }
}
