extension LazyDFA {
  /// A key shared by states whose languages have the same strings of up to `depth` bytes
  /// as prefixes (and the same nullability), or nil when this method finds no state but
  /// `s` itself with that property.
  ///
  /// A token mask depends only on those prefixes (a token is allowed when its bytes are a
  /// prefix of the state's language), so states with one key share one mask. Such states
  /// are counters far from their bound: item 3 and item 40 of an array of at most 1,000
  /// items, or character 5 and character 500 of a string of at most 1,000 characters,
  /// differ only more than a token's length ahead.
  ///
  /// The key follows the state's term along its concatenation spine `h1·h2·…·hn`:
  ///
  /// - a repeat `x{lo,hi}` whose every string is at least `m ≥ 1` bytes long becomes
  ///   `x{min(lo,K),min(hi,K)}` with `K = ⌈depth / m⌉`: every string of `x^K` is at
  ///   least `depth` bytes long, so `x^j·tail` has the same short prefixes for every
  ///   `j ≥ K` (the tail is not empty, or the state would be dead);
  /// - the spine is cut after the element where the shortest-length lower bounds of the
  ///   elements so far reach `depth`: no prefix of up to `depth` bytes reads further.
  ///
  /// - Complexity: O(spine length), under the store's lock.
  public func prefixKey(of s: DFAState, depth: Int) -> [UInt64]? {
    if isDead(s) { return nil }
    let term = term(of: s)
    let depth = UInt32(clamping: depth)
    let accepting = isAccepting(s)
    return store.withArena { arena -> [UInt64]? in
      var key: [UInt64] = [accepting ? 1 : 0]
      var changed = false
      var covered: UInt32 = 0
      var rest = term
      while true {
        let head: Term
        let tail: Term?
        if case .concat(let h, let t) = arena.node(rest) {
          (head, tail) = (h, t)
        } else {
          (head, tail) = (rest, nil)
        }
        if case .repeat(let x, let lo, let hi) = arena.node(head), case let m = arena.minLength(x),
          m > 0, m < TermArena.infiniteLength
        {
          let k = Int32(clamping: (depth + m - 1) / m)
          let (lo2, hi2) = (min(lo, k), hi < 0 ? hi : min(hi, k))
          changed = changed || lo2 != lo || hi2 != hi
          // Tagged so that a capped repeat never collides with a term id.
          key.append(1 << 63 | UInt64(x.id))
          key.append(UInt64(UInt32(bitPattern: lo2)) << 32 | UInt64(UInt32(bitPattern: hi2)))
          covered = TermArena.addLengths(covered, m * UInt32(lo2))
        } else {
          key.append(UInt64(head.id))
          covered = TermArena.addLengths(covered, arena.minLength(head))
        }
        guard let tail else { break }
        if covered >= depth {
          changed = true
          break
        }
        rest = tail
      }
      return changed ? key : nil
    }
  }
}
