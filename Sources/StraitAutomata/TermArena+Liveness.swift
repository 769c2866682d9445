extension TermArena {
  /// Whether `L(t)` is non-empty, exactly.
  ///
  /// A term without intersection or complement is empty only when it is ∅ (the smart
  /// constructors remove ∅ everywhere else). Otherwise liveness is decided by structure as far
  /// as it goes — a concatenation is live when all its parts are, a union when one member is —
  /// so only the intersection and complement subterms themselves are searched, not the rest of
  /// the document around them. Each of those searches explores derivatives (one representative
  /// byte per class) best-first by the lower bound of their shortest string, which goes almost
  /// straight to acceptance when there is one. Results are memoised: a successful search marks
  /// the path it found live; an exhausted one marks every term it visited empty (a non-empty
  /// one would have led to an accepting term).
  ///
  /// - Parameters:
  ///   - t: the term; every byte set in it must be a union of the classes of `representatives`.
  ///   - representatives: one byte per class.
  ///   - limit: the most terms one search may visit.
  /// - Returns: nil when a search hit `limit` before deciding.
  mutating func isLive(_ t: Term, representatives: [UInt8], limit: Int) -> Bool? {
    // Iterative deepening: a union is live when one member is, and a concatenation dead
    // when one part is, so a small budget for every search first finds the member that is
    // easy to decide instead of exhausting the whole budget on a hard one before it.
    var budget = min(Self.firstSearchBudget, limit)
    while true {
      searchUndecided.removeAll()
      if let result = isLiveWithin(t, representatives: representatives, limit: budget) { return result }
      if budget >= limit { return nil }
      budget = min(budget * 8, limit)
    }
  }

  /// The smallest per-search budget of ``isLive(_:representatives:limit:)``.
  static let firstSearchBudget = 256

  private mutating func isLiveWithin(_ t: Term, representatives: [UInt8], limit: Int) -> Bool? {
    if let known = quickLiveness(t) { return known }
    if searchUndecided.contains(t) { return nil }
    defer { if livenessMemo[Int(t.id)] == 0 { searchUndecided.insert(t) } }
    let result: Bool?
    switch node(t) {
    case .concat:
      // The parts up to the first tail whose liveness is already known (the rest of the
      // document after a string is shared by every state inside that string).
      var cur = t
      var parts: [Term] = []
      var tailLive: Bool? = nil
      while case .concat(let h, let tail) = node(cur) {
        parts.append(h)
        cur = tail
        if let known = knownLiveness(cur) {
          tailLive = known
          break
        }
      }
      if tailLive == nil { parts.append(cur) }
      var all: Bool? = tailLive == false ? false : true
      if all != false {
        for p in parts {
          guard let live = isLiveWithin(p, representatives: representatives, limit: limit) else {
            all = nil
            continue
          }
          if !live {
            all = false
            break
          }
        }
      }
      if all == true { markTailsLive(of: t) }
      result = all
    case .union(let ms):
      var any: Bool? = false
      for m in ms {
        guard let live = isLiveWithin(m, representatives: representatives, limit: limit) else {
          any = nil
          continue
        }
        if live {
          any = true
          break
        }
      }
      result = any
    case .repeat(let x, _, _):
      // min > 0 here (a repeat with min 0 is nullable).
      result = isLiveWithin(x, representatives: representatives, limit: limit)
    default:
      result = search(t, representatives: representatives, limit: limit)
    }
    if let result { livenessMemo[Int(t.id)] = result ? 1 : 2 }
    return result
  }

  /// Best-first search from `t` for an accepting derivative.
  private mutating func search(_ t: Term, representatives: [UInt8], limit: Int) -> Bool? {
    var parent: [UInt32: UInt32] = [t.id: t.id]
    // A bucket queue keyed by the shortest-string bound (capped).
    let cap = 256
    var buckets = [[Term]](repeating: [], count: cap + 1)
    buckets[Int(min(minLength(t), UInt32(cap)))].append(t)
    var lowest = 0
    var visited: [Term] = []
    var classParts = ClassPartitioner()
    while true {
      while lowest <= cap && buckets[lowest].isEmpty { lowest += 1 }
      guard lowest <= cap, let u = buckets[lowest].popLast() else { break }
      visited.append(u)
      if visited.count > limit { return nil }
      for b in probes(of: u, representatives: representatives, classParts: &classParts) {
        let d = derivative(u, b)
        if d == Self.emptyTerm || parent[d.id] != nil { continue }
        let known = quickLiveness(d)
        if known == false { continue }
        if known == true {
          // Everything on the path from t to d is live.
          var cur = u.id
          while true {
            livenessMemo[Int(cur)] = 1
            guard let p = parent[cur], p != cur else { break }
            cur = p
          }
          return true
        }
        parent[d.id] = u.id
        let key = Int(min(minLength(d), UInt32(cap)))
        buckets[key].append(d)
        if key < lowest { lowest = key }
      }
    }
    for u in visited { livenessMemo[Int(u.id)] = 2 }
    return false
  }

  /// One byte per part of `t`'s own partition of the byte classes (see
  /// ``ClassPartitioner``), so that a search derives once per part instead of once per
  /// class of the whole grammar (inside an object, a handful of parts out of dozens).
  private mutating func probes(
    of t: Term, representatives reps: [UInt8], classParts: inout ClassPartitioner
  ) -> [UInt8] {
    let sets = firstPositionSets(of: t).map { ($0, byteSet(of: $0)) }
    let parts = classParts.parts(of: sets, representatives: reps)
    return parts.count == reps.count ? reps : parts.map { reps[Int($0.members[0])] }
  }

  /// Liveness decided without a search (nil when one is needed): by nullability, by the
  /// absence of intersection and complement, by memo, or by structure from those.
  ///
  /// - Complexity: O(n) for the n subterms reachable through concatenation, union and
  ///   repeat nodes whose liveness is not memoised: each undecided one is visited once.
  private mutating func quickLiveness(_ t: Term) -> Bool? {
    if let known = knownLiveness(t) { return known }
    quickUndecided.removeAll()
    return quickLivenessStep(t)
  }

  /// The walk of ``quickLiveness(_:)``.
  private mutating func quickLivenessStep(_ t: Term) -> Bool? {
    if let known = knownLiveness(t) { return known }
    if quickUndecided.contains(t) { return nil }
    defer { if livenessMemo[Int(t.id)] == 0 { quickUndecided.insert(t) } }
    let result: Bool?
    switch node(t) {
    case .concat:
      var cur = t
      var all: Bool? = true
      while true {
        let part: Term
        var next: Term? = nil
        if case .concat(let h, let tail) = node(cur) {
          part = h
          next = tail
        } else {
          part = cur
        }
        switch quickLivenessStep(part) {
        case false?: all = false
        case nil: all = nil
        case true?: break
        }
        if all == false { break }
        guard let next else { break }
        // A tail already decided ends the walk: without this every derivative inside a
        // string would walk the whole rest of the document again.
        if let known = knownLiveness(next) {
          if !known { all = false }
          break
        }
        // A tail already walked in this check: undecided, so none of its parts is dead.
        if quickUndecided.contains(next) {
          all = nil
          break
        }
        cur = next
      }
      if all == true { markTailsLive(of: t) }
      result = all
    case .union(let ms):
      var any: Bool? = false
      for m in ms {
        switch quickLivenessStep(m) {
        case true?: any = true
        case nil: any = nil
        case false?: break
        }
        if any == true { break }
      }
      result = any
    case .repeat(let x, _, _):
      result = quickLivenessStep(x)
    case .intersection(let ms):
      result = ms.contains { quickLivenessStep($0) == false } ? false : nil
    default:
      result = nil
    }
    if let result { livenessMemo[Int(t.id)] = result ? 1 : 2 }
    return result
  }

  /// Liveness known in O(1): ∅, nullable, free of intersection and complement, or memoised.
  @inline(__always)
  private func knownLiveness(_ t: Term) -> Bool? {
    if t == Self.emptyTerm { return false }
    if isNullable(t) || !hasBoolean(t) { return true }
    switch livenessMemo[Int(t.id)] {
    case 1: return true
    case 2: return false
    default: return nil
    }
  }

  /// Marks every tail of the live concatenation `t` live (a suffix of a non-empty
  /// concatenation is non-empty), up to the first tail already known.
  private mutating func markTailsLive(of t: Term) {
    var cur = t
    while case .concat(_, let tail) = node(cur) {
      if knownLiveness(tail) != nil { break }
      livenessMemo[Int(tail.id)] = 1
      cur = tail
    }
  }
}
