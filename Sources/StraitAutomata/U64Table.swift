/// A hash table from 64-bit keys to 32-bit values, for the derivative memo.
///
/// Open addressing with linear probing over a power-of-two array of slots and a
/// multiplicative hash: the memo is probed once per derivative step of every new DFA
/// transition, and `Dictionary`'s seeded SipHash cost more than the derivative itself.
/// Key and value share one slot (two adjacent words) so that a probe touches one cache
/// line; the table outgrows the caches on large grammars and a probe is then a miss.
/// `UInt64.max` marks an empty slot, so it is not a valid key.
struct U64Table {
  /// Slot i is `storage[2i]` (key) and `storage[2i + 1]` (value).
  private var storage: [UInt64]
  private var shift: UInt64
  private var capacity: Int
  private(set) var count = 0

  /// A small table by default: every compilation makes several, most stay small, and
  /// clearing 32 KB each was a tenth of compiling a small schema.
  init(capacity: Int = 64) {
    var n = 16
    while n < capacity * 2 { n <<= 1 }
    self.capacity = n
    storage = Self.emptyStorage(n)
    shift = UInt64(64 - n.trailingZeroBitCount)
  }

  /// `.max` in every word: empty keys (the value words are never read for those).
  private static func emptyStorage(_ n: Int) -> [UInt64] {
    [UInt64](repeating: .max, count: 2 * n)
  }

  @inline(__always)
  private func slot(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift)
  }

  subscript(key: UInt64) -> UInt32? {
    get {
      let mask = capacity &- 1
      var i = slot(key)
      return storage.withUnsafeBufferPointer { s in
        while true {
          let k = s[2 &* i]
          if k == key { return UInt32(truncatingIfNeeded: s[2 &* i &+ 1]) }
          if k == .max { return nil }
          i = (i &+ 1) & mask
        }
      }
    }
    set {
      precondition(key != .max, "UInt64.max is reserved for empty slots")
      guard let v = newValue else { preconditionFailure("U64Table does not remove keys") }
      let mask = capacity &- 1
      var i = slot(key)
      while true {
        let k = storage[2 &* i]
        if k == key {
          storage[2 &* i &+ 1] = UInt64(v)
          return
        }
        if k == .max { break }
        i = (i &+ 1) & mask
      }
      storage[2 &* i] = key
      storage[2 &* i &+ 1] = UInt64(v)
      count += 1
      if count * 2 > capacity { grow() }
    }
  }

  private mutating func grow() {
    let old = storage
    let n = capacity * 2
    capacity = n
    storage = Self.emptyStorage(n)
    shift = UInt64(64 - n.trailingZeroBitCount)
    let mask = n - 1
    for j in 0..<(old.count / 2) where old[2 * j] != .max {
      var i = slot(old[2 * j])
      while storage[2 * i] != .max { i = (i &+ 1) & mask }
      storage[2 * i] = old[2 * j]
      storage[2 * i + 1] = old[2 * j + 1]
    }
  }
}

/// A set of 64-bit keys (`UInt64.max` excluded) on a ``U64Table``: the visited pairs of
/// the string-body searches, which `Set`'s seeded SipHash made a tenth of a new mask.
package struct U64Set {
  private var table: U64Table

  package init(capacity: Int = 64) { table = U64Table(capacity: capacity) }

  package var count: Int { table.count }

  /// Inserts `key`; false when it was already there.
  @inline(__always)
  package mutating func insert(_ key: UInt64) -> Bool {
    if table[key] != nil { return false }
    table[key] = 0
    return true
  }
}
