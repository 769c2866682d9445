extension TermArena {
  /// Merges union members `x{a,b}·T` and `x{c,d}·T` (same body `x`, same tail `T`, which may
  /// be ε) whose count intervals overlap or touch into `x{min,max}·T`.
  ///
  /// Exact, since `x{a,b}` is the union of `x^k` for `k` in `a...b`. It keeps the residuals
  /// of nested counted repeats small: the derivatives of `(a{1,100}){1,100}` would otherwise
  /// hold one member per pair of counter values.
  ///
  /// - Complexity: O(n log n) for n members.
  mutating func mergeRepeats(_ members: [Term]) -> [Term] {
    guard members.count > 1 else { return members }
    // Most unions have no two members with one body and tail: find that out without a
    // dictionary (this runs for every union the compiler builds).
    let mayMerge = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: members.count) { buffer in
      var keys = buffer
      for (i, m) in members.enumerated() { keys[i] = repeatKey(m) }
      keys.sort()
      for i in 1..<keys.count where keys[i] == keys[i - 1] { return true }
      return false
    }
    guard mayMerge else { return members }
    return mergeRepeatGroups(members)
  }

  /// `body.id << 32 | tail.id` of a member seen as `body{lo,hi}·tail`.
  @inline(__always)
  private func repeatKey(_ m: Term) -> UInt64 {
    var head = m
    var tail = Self.epsilonTerm
    if case .concat(let h, let t) = node(m) { (head, tail) = (h, t) }
    switch node(head) {
    case .repeat(let x, _, _), .star(let x): head = x
    default: break
    }
    return UInt64(head.id) << 32 | UInt64(tail.id)
  }

  /// ``mergeRepeats(_:)`` once two members are known to share a body and tail.
  private mutating func mergeRepeatGroups(_ members: [Term]) -> [Term] {
    struct Key: Hashable {
      var body: UInt32
      var tail: UInt32
    }
    var groups: [Key: [(lo: Int, hi: Int?)]] = [:]
    var keys: [Key] = []  // first-seen order, so term ids do not depend on hashing
    var duplicates = false
    for m in members {
      let (head, tail): (Term, Term)
      if case .concat(let h, let t) = node(m) {
        (head, tail) = (h, t)
      } else {
        (head, tail) = (m, Self.epsilonTerm)
      }
      let entry: (body: Term, lo: Int, hi: Int?)
      switch node(head) {
      case .repeat(let x, let lo, let hi): entry = (x, Int(lo), hi < 0 ? nil : Int(hi))
      case .star(let x): entry = (x, 0, nil)
      default: entry = (head, 1, 1)
      }
      let key = Key(body: entry.body.id, tail: tail.id)
      if groups[key] != nil { duplicates = true } else { keys.append(key) }
      groups[key, default: []].append((entry.lo, entry.hi))
    }
    guard duplicates else { return members }
    var out: [Term] = []
    out.reserveCapacity(keys.count)
    for key in keys {
      guard let intervals = groups[key] else { continue }
      let body = Term(id: key.body)
      let tail = Term(id: key.tail)
      let sorted = intervals.sorted { $0.lo < $1.lo }
      var current = sorted[0]
      func emit(_ iv: (lo: Int, hi: Int?)) {
        out.append(concat2(self.repeat(body, min: iv.lo, max: iv.hi), tail))
      }
      for iv in sorted.dropFirst() {
        if let hi = current.hi, iv.lo > hi + 1 {
          emit(current)
          current = iv
        } else if let hi = current.hi {
          current.hi = iv.hi.map { Swift.max($0, hi) }
        }
      }
      emit(current)
    }
    return out
  }
}
