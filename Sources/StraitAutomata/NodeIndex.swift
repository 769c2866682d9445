/// The hash-consing index of a ``TermArena``: from a node's structure to its term id.
///
/// Open addressing with linear probing over a power-of-two array of term ids, each slot
/// with the node's 32-bit hash so that most probes compare integers only; the nodes
/// themselves stay in the arena (`nodes[id]`), so the table holds no copies of them.
/// Every constructor of every derivative interns a node, and `Dictionary<TermNode, _>`
/// with seeded SipHash over the enum was about a quarter of schema compile time.
struct NodeIndex {
  private static let emptySlot = UInt32.max
  private var ids: [UInt32]
  private var hashes: [UInt32]
  private var shift: UInt64
  private(set) var count = 0

  init(capacity: Int = 1024) {
    var n = 16
    while n < capacity * 2 { n <<= 1 }
    ids = [UInt32](repeating: Self.emptySlot, count: n)
    hashes = [UInt32](repeating: 0, count: n)
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
    let mask = ids.count &- 1
    let tag = UInt32(truncatingIfNeeded: h ^ (h &>> 32))
    var i = slot(tag)
    while true {
      let id = ids[i]
      if id == Self.emptySlot { return nil }
      if hashes[i] == tag && nodes[Int(id)] == node { return id }
      i = (i &+ 1) & mask
    }
  }

  /// Records `id` for a node with hash `h` that `find` did not find.
  mutating func insert(_ id: UInt32, hash h: UInt64) {
    let mask = ids.count &- 1
    let tag = UInt32(truncatingIfNeeded: h ^ (h &>> 32))
    var i = slot(tag)
    while ids[i] != Self.emptySlot { i = (i &+ 1) & mask }
    ids[i] = id
    hashes[i] = tag
    count += 1
    if count * 2 > ids.count { grow() }
  }

  private mutating func grow() {
    let oldIds = ids
    let oldHashes = hashes
    let n = ids.count * 2
    ids = [UInt32](repeating: Self.emptySlot, count: n)
    hashes = [UInt32](repeating: 0, count: n)
    shift = UInt64(64 - n.trailingZeroBitCount)
    let mask = n - 1
    for j in 0..<oldIds.count where oldIds[j] != Self.emptySlot {
      var i = slot(oldHashes[j])
      while ids[i] != Self.emptySlot { i = (i &+ 1) & mask }
      ids[i] = oldIds[j]
      hashes[i] = oldHashes[j]
    }
  }
}
