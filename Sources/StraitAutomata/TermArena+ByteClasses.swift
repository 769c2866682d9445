extension TermArena {
  /// The coarsest partition of the 256 bytes that respects every byte set reachable in
  /// `root`: bytes in one class are in exactly the same byte sets.
  ///
  /// Derivatives only ever form unions and intersections of these sets, so the partition
  /// stays valid for every term a DFA built from `root` meets.
  ///
  /// - Returns: the class of each byte (classes numbered by first byte) and the count.
  /// - Complexity: O(n + Σ|s| + c·s) for n reachable terms, distinct byte sets s and c classes.
  func byteClasses(of root: Term) -> (classOf: [UInt8], count: Int) {
    var classOf = [UInt16](repeating: 0, count: 256)
    var classCount = 1
    // Visited terms as a bitset over the arena (a `Set` cost more than the refinement).
    var seen = [UInt64](repeating: 0, count: (nodes.count + 63) / 64)
    @inline(__always) func firstVisit(_ t: Term) -> Bool {
      let (w, bit) = (Int(t.id) >> 6, UInt64(1) << UInt64(t.id & 63))
      if seen[w] & bit != 0 { return false }
      seen[w] |= bit
      return true
    }
    _ = firstVisit(root)
    var stack: [Term] = [root]
    // Refinement touches only the bytes of each set: a class partly inside it gives its
    // inside members a new class (most sets are a byte or a short range).
    var classSize = [Int](repeating: 0, count: 257)
    classSize[0] = 256
    var insideCount = [Int](repeating: 0, count: 257)
    var splitTo = [UInt16](repeating: 0, count: 257)
    var members: [UInt8] = []
    members.reserveCapacity(256)
    var touched: [Int] = []
    while let t = stack.popLast() {
      switch node(t) {
      case .empty, .epsilon: break
      case .bytes(let s):
        // Each set is one term (hash-consing), so the visit check already sees it once.
        if s.isFull { break }
        members.removeAll(keepingCapacity: true)
        for (w, word) in [(0, s.w0), (1, s.w1), (2, s.w2), (3, s.w3)] {
          var bits = word
          while bits != 0 {
            members.append(UInt8(w * 64 + bits.trailingZeroBitCount))
            bits &= bits &- 1
          }
        }
        touched.removeAll(keepingCapacity: true)
        for b in members {
          let c = Int(classOf[Int(b)])
          if insideCount[c] == 0 { touched.append(c) }
          insideCount[c] += 1
        }
        for b in members {
          let c = Int(classOf[Int(b)])
          if splitTo[c] == 0 {
            if insideCount[c] == classSize[c] { continue }  // the whole class is inside
            splitTo[c] = UInt16(classCount)
            classSize[classCount] = insideCount[c]
            classSize[c] -= insideCount[c]
            classCount += 1
          }
          classOf[Int(b)] = splitTo[c]
        }
        for c in touched {
          insideCount[c] = 0
          splitTo[c] = 0
        }
      case .concat(let a, let b):
        if firstVisit(a) { stack.append(a) }
        if firstVisit(b) { stack.append(b) }
      case .union(let ms), .intersection(let ms):
        for m in ms where firstVisit(m) { stack.append(m) }
      case .complement(let a), .star(let a), .repeat(let a, _, _):
        if firstVisit(a) { stack.append(a) }
      }
    }
    // Number the classes by their first byte.
    var renumber = [Int](repeating: -1, count: 257)
    var next = 0
    var out = [UInt8](repeating: 0, count: 256)
    for b in 0..<256 {
      let c = Int(classOf[b])
      if renumber[c] < 0 {
        renumber[c] = next
        next += 1
      }
      out[b] = UInt8(renumber[c])
    }
    return (out, classCount)
  }
}

extension TermArena {
  /// The byte sets at the first positions of `t`, as their (`bytes`) terms, each once: the
  /// heads of concatenations, through nullable heads; the members of unions and
  /// intersections; the operand of complements and repeats.
  ///
  /// The derivative of `t` by a byte depends only on which of these sets contain the byte,
  /// so bytes that agree on all of them have the same derivative (see
  /// ``LazyDFA`` for the per-state classes built from them).
  ///
  /// - Complexity: O(f) for f terms at first positions.
  mutating func firstPositionSets(of t: Term) -> [Term] {
    firstPositionVisits.removeAll()
    var sets: [Term] = []
    // A node's children are gathered, then stamped and pushed in one loop: a local visit
    // function capturing `stack` made every access a dynamic exclusivity check.
    firstPositionVisits.insert(t)
    var stack: [Term] = [t]
    var children: [Term] = []
    while let x = stack.popLast() {
      children.removeAll(keepingCapacity: true)
      switch node(x) {
      case .empty, .epsilon: break
      case .bytes(let s):
        if !s.isFull { sets.append(x) }
      case .concat:
        var cur = x
        while case .concat(let h, let tail) = node(cur) {
          children.append(h)
          if !isNullable(h) { break }
          cur = tail
        }
        if case .concat = node(cur) {} else { children.append(cur) }
      case .union(let ms), .intersection(let ms):
        children.append(contentsOf: ms)
      case .complement(let a), .star(let a), .repeat(let a, _, _):
        children.append(a)
      }
      for c in children where !firstPositionVisits.contains(c) {
        firstPositionVisits.insert(c)
        stack.append(c)
      }
    }
    return sets
  }

  /// The byte set of a `bytes` term.
  func byteSet(of t: Term) -> ByteSet {
    if case .bytes(let s) = node(t) { return s }
    preconditionFailure("term \(t) is not a byte set")
  }
}
