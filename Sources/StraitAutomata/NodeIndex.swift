/// The hash-consing index of a ``TermArena``: from a node's structure to its term id.
///
/// Open addressing with linear probing over a power-of-two array of term ids, each slot
/// with the node's 32-bit hash so that most probes compare integers only; the nodes
/// themselves stay in the arena (`nodes[id]`), so the table holds no copies of them.
/// Every constructor of every derivative interns a node, and `Dictionary<TermNode, _>`
/// with seeded SipHash over the enum was about a quarter of schema compile time.
struct NodeIndex {
  /// Each slot holds a node's 32-bit hash tag in its high half and its id in the low half
  /// (one load per probe, one cache line), or `emptySlot`.
  private static let emptySlot = UInt64.max
  private var slots: [UInt64]
  private var shift: UInt64
  private(set) var count = 0

  init(capacity: Int = 1024) {
    var n = 16
    while n < capacity * 2 { n <<= 1 }
    slots = [UInt64](repeating: Self.emptySlot, count: n)
    shift = UInt64(64 - n.trailingZeroBitCount)
  }

  /// A fast structural hash: the node's kind and fields mixed with multiply-xorshift steps.
  @inline(__always)
  static func hash(_ node: TermNode) -> UInt64 {
    @inline(__always) func mix(_ h: UInt64, _ v: UInt64) -> UInt64 {
      var x = (h ^ v) &* 0x9E37_79B9_7F4A_7C15
      x ^= x &>> 29
      return x
    }
    switch node {
    case .empty: return 0x1234_5678
    case .epsilon: return 0x8765_4321
    case .bytes(let s):
      return mix(mix(mix(mix(1, s.w0), s.w1), s.w2), s.w3)
    case .concat(let a, let b):
      return mix(mix(2, UInt64(a.id)), UInt64(b.id))
    case .union(let ms):
      var h: UInt64 = 3
      for m in ms { h = mix(h, UInt64(m.id)) }
      return h
    case .intersection(let ms):
      var h: UInt64 = 4
      for m in ms { h = mix(h, UInt64(m.id)) }
      return h
    case .complement(let a):
      return mix(5, UInt64(a.id))
    case .star(let a):
      return mix(6, UInt64(a.id))
    case .repeat(let a, let lo, let hi):
      return mix(mix(7, UInt64(a.id)), UInt64(UInt32(bitPattern: lo)) << 32 | UInt64(UInt32(bitPattern: hi)))
    }
  }

  /// The home slot of a node whose 32-bit hash tag is `tag` (the table keeps only the
  /// tag, so growing re-derives slots from it).
  @inline(__always)
  private func slot(_ tag: UInt32) -> Int {
    Int(truncatingIfNeeded: (UInt64(tag) &* 0x9E37_79B9_7F4A_7C15) &>> shift)
  }

  /// The id of `node` among `nodes`, or nil.
  func find(_ node: TermNode, hash h: UInt64, in nodes: [TermNode]) -> UInt32? {
    let mask = slots.count &- 1
    let tag = UInt32(truncatingIfNeeded: h ^ (h &>> 32))
    var i = slot(tag)
    return slots.withUnsafeBufferPointer { s in
      while true {
        let v = s[i]
        if v == Self.emptySlot { return nil }
        let id = UInt32(truncatingIfNeeded: v)
        if UInt32(truncatingIfNeeded: v &>> 32) == tag && nodes[Int(id)] == node { return id }
        i = (i &+ 1) & mask
      }
    }
  }

  /// Records `id` for a node with hash `h` that `find` did not find.
  mutating func insert(_ id: UInt32, hash h: UInt64) {
    let tag = UInt32(truncatingIfNeeded: h ^ (h &>> 32))
    Self.place(UInt64(tag) << 32 | UInt64(id), in: &slots, at: slot(tag))
    count += 1
    if count * 2 > slots.count { grow() }
  }

  /// Stores `value` in the first empty slot from `home` on.
  private static func place(_ value: UInt64, in slots: inout [UInt64], at home: Int) {
    let mask = slots.count &- 1
    var i = home
    while slots[i] != emptySlot { i = (i &+ 1) & mask }
    slots[i] = value
  }

  private mutating func grow() {
    let old = slots
    let n = slots.count * 2
    slots = [UInt64](repeating: Self.emptySlot, count: n)
    shift = UInt64(64 - n.trailingZeroBitCount)
    for v in old where v != Self.emptySlot {
      Self.place(v, in: &slots, at: slot(UInt32(truncatingIfNeeded: v &>> 32)))
    }
  }
}
