extension TermArena {
  /// The coarsest partition of the 256 bytes that respects every byte set reachable in
  /// `root`: bytes in one class are in exactly the same byte sets.
  ///
  /// Derivatives only ever form unions and intersections of these sets, so the partition
  /// stays valid for every term a DFA built from `root` meets.
  ///
  /// - Returns: the class of each byte (classes numbered by first byte) and the count.
  /// - Complexity: O(n + 256·s) for n reachable terms and s distinct byte sets.
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
    var seenSets: Set<ByteSet> = []
    var stack: [Term] = [root]
    // (class << 1 | inside) → refined class; 0xFFFF = not assigned yet.
    var remap = [UInt16](repeating: .max, count: 512)
    while let t = stack.popLast() {
      switch node(t) {
      case .empty, .epsilon: break
      case .bytes(let s):
        if s.isFull || !seenSets.insert(s).inserted { break }
        // Split every class into its members inside and outside `s`.
        for k in 0..<(classCount * 2) { remap[k] = .max }
        var next = 0
        var refined = [UInt16](repeating: 0, count: 256)
        for b in 0..<256 {
          let key = Int(classOf[b]) << 1 | (s.contains(UInt8(b)) ? 1 : 0)
          if remap[key] == .max {
            remap[key] = UInt16(next)
            next += 1
          }
          refined[b] = remap[key]
        }
        classOf = refined
        classCount = next
      case .concat(let a, let b):
        if firstVisit(a) { stack.append(a) }
        if firstVisit(b) { stack.append(b) }
      case .union(let ms), .intersection(let ms):
        for m in ms where firstVisit(m) { stack.append(m) }
      case .complement(let a), .star(let a), .repeat(let a, _, _):
        if firstVisit(a) { stack.append(a) }
      }
    }
    return (classOf.map { UInt8($0) }, classCount)
  }
}
