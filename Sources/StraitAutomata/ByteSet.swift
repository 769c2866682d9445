/// A set of bytes as a 256-bit bitmap: the leaves of the regular IR.
@frozen
package struct ByteSet: Hashable, Sendable {
  @usableFromInline package var w0: UInt64
  @usableFromInline package var w1: UInt64
  @usableFromInline package var w2: UInt64
  @usableFromInline package var w3: UInt64

  /// The empty set.
  @inlinable package init() {
    w0 = 0
    w1 = 0
    w2 = 0
    w3 = 0
  }

  /// The bytes `lo...hi` (empty when `lo > hi`).
  package init(_ lo: UInt8, _ hi: UInt8) {
    self.init()
    guard lo <= hi else { return }
    for b in lo...hi { insert(b) }
  }

  /// All 256 bytes.
  package static let full = ByteSet(0, 255)

  @inlinable package func contains(_ b: UInt8) -> Bool {
    let bit = UInt64(1) << UInt64(b & 63)
    switch b >> 6 {
    case 0: return w0 & bit != 0
    case 1: return w1 & bit != 0
    case 2: return w2 & bit != 0
    default: return w3 & bit != 0
    }
  }

  @inlinable package mutating func insert(_ b: UInt8) {
    let bit = UInt64(1) << UInt64(b & 63)
    switch b >> 6 {
    case 0: w0 |= bit
    case 1: w1 |= bit
    case 2: w2 |= bit
    default: w3 |= bit
    }
  }

  package var isEmpty: Bool { (w0 | w1 | w2 | w3) == 0 }
  package var isFull: Bool { (w0 & w1 & w2 & w3) == .max }
  package var count: Int {
    w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount + w3.nonzeroBitCount
  }

  package func union(_ o: ByteSet) -> ByteSet {
    var r = self
    r.w0 |= o.w0
    r.w1 |= o.w1
    r.w2 |= o.w2
    r.w3 |= o.w3
    return r
  }

  package func intersection(_ o: ByteSet) -> ByteSet {
    var r = self
    r.w0 &= o.w0
    r.w1 &= o.w1
    r.w2 &= o.w2
    r.w3 &= o.w3
    return r
  }

  package func subtracting(_ o: ByteSet) -> ByteSet {
    var r = self
    r.w0 &= ~o.w0
    r.w1 &= ~o.w1
    r.w2 &= ~o.w2
    r.w3 &= ~o.w3
    return r
  }

  /// The members in increasing order.
  package var members: [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(count)
    for (k, word) in [w0, w1, w2, w3].enumerated() {
      var bits = word
      while bits != 0 {
        out.append(UInt8(k * 64 + bits.trailingZeroBitCount))
        bits &= bits &- 1
      }
    }
    return out
  }

  /// The members as maximal ranges.
  package var ranges: [ClosedRange<UInt8>] {
    var out: [ClosedRange<UInt8>] = []
    var start: Int? = nil
    for b in 0...256 {
      let inSet = b < 256 && contains(UInt8(b))
      if inSet, start == nil { start = b }
      if !inSet, let s = start {
        out.append(UInt8(s)...UInt8(b - 1))
        start = nil
      }
    }
    return out
  }
}

/// A superset of the bytes that can start a term's non-empty strings, folded to 128 bits:
/// ASCII bytes exactly, bytes 0x80...0xFF onto the control bytes (`b & 0x1F`), where
/// JSON text rarely has both. Lets a derivative that must be ∅ skip the memo.
package struct FirstBytes: Sendable {
  package var lo: UInt64
  package var hi: UInt64

  package static let none = FirstBytes(lo: 0, hi: 0)
  package static let all = FirstBytes(lo: .max, hi: .max)

  @inlinable package init(lo: UInt64, hi: UInt64) {
    self.lo = lo
    self.hi = hi
  }

  package init(_ s: ByteSet) {
    func fold(_ w: UInt64) -> UInt64 { (w & 0xFFFF_FFFF) | (w >> 32) }
    lo = s.w0 | fold(s.w2) | fold(s.w3)
    hi = s.w1
  }

  @inlinable package func mayStart(_ b: UInt8) -> Bool {
    if b < 0x40 { return lo & (1 &<< UInt64(b)) != 0 }
    if b < 0x80 { return hi & (1 &<< UInt64(b &- 0x40)) != 0 }
    return lo & (1 &<< UInt64(b & 0x1F)) != 0
  }

  @inlinable package func union(_ o: FirstBytes) -> FirstBytes { FirstBytes(lo: lo | o.lo, hi: hi | o.hi) }
  @inlinable package func intersection(_ o: FirstBytes) -> FirstBytes { FirstBytes(lo: lo & o.lo, hi: hi & o.hi) }
}

extension ByteSet {
  /// The byte classes (indices into `representatives`, one byte per class) whose
  /// representative is in this set.
  func classes(representedBy representatives: [UInt8]) -> ByteSet {
    var m = ByteSet()
    for c in representatives.indices where contains(representatives[c]) { m.insert(UInt8(c)) }
    return m
  }
}

extension Array where Element == ByteSet {
  /// Splits every part that `inside` cuts into its parts inside and outside `inside` (the
  /// refinement step of the per-state partitions of ``LazyDFA`` and
  /// ``TermStore/explore(_:stateLimit:)``).
  mutating func refine(by inside: ByteSet) {
    for i in indices {
      let p = self[i]
      let cut = p.intersection(inside)
      if cut.isEmpty || cut == p { continue }
      self[i] = cut
      append(p.subtracting(inside))
    }
  }
}
