extension TermArena {
  /// The Brzozowski derivative of `t` by byte `b`: the strings `w` with `b·w ∈ L(t)`.
  ///
  /// Memoised per (term, byte). Recursion only descends into the heads of concatenations
  /// and into the members of unions, intersections, complements and repeats, so its depth is
  /// the nesting depth of the term (the regex parser bounds it); concatenation chains are
  /// walked iteratively.
  mutating func derivative(_ t: Term, _ b: UInt8) -> Term {
    // Most members of a large union cannot start with `b`: answer those without a probe
    // of the memo, which is a cache miss once the memo outgrows the caches.
    if !mayStart(t, with: b) { return Self.emptyTerm }
    let key = UInt64(t.id) << 8 | UInt64(b)
    if let d = derivativeMemo[key] { return Term(id: d) }
    let d: Term
    switch node(t) {
    case .empty, .epsilon:
      d = Self.emptyTerm
    case .bytes(let s):
      d = s.contains(b) ? Self.epsilonTerm : Self.emptyTerm
    case .concat(let head, let tail) where !isNullable(head):
      // d(h·tail) = d(h)·tail when h is not nullable (the common case: no array).
      d = concat2(derivative(head, b), tail)
    case .concat:
      // d(h·tail) = d(h)·tail ∪ (ν(h) ? d(tail) : ∅), unrolled along the chain.
      var parts: [Term] = []
      var cur = t
      while true {
        if case .concat(let h, let tail) = node(cur) {
          parts.append(concat2(derivative(h, b), tail))
          if isNullable(h) {
            cur = tail
            continue
          }
        } else {
          parts.append(derivative(cur, b))
        }
        break
      }
      d = parts.count == 1 ? parts[0] : union(parts)
    case .union(let ms):
      d = union(ms.map { derivative($0, b) })
    case .intersection(let ms):
      var parts: [Term] = []
      parts.reserveCapacity(ms.count)
      var dead = false
      for m in ms {
        let dm = derivative(m, b)
        if dm == Self.emptyTerm {
          dead = true
          break
        }
        parts.append(dm)
      }
      d = dead ? Self.emptyTerm : intersection(parts)
    case .complement(let x):
      d = complement(derivative(x, b))
    case .star(let x):
      d = concat2(derivative(x, b), t)
    case .repeat(let x, let lo, let hi):
      let rest = self.repeat(
        x, min: Int(Swift.max(lo - 1, 0)), max: hi < 0 ? nil : Int(hi - 1))
      d = concat2(derivative(x, b), rest)
    }
    derivativeMemo[key] = d.id
    return d
  }
}
