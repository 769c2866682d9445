/// A hash table from 64-bit keys to 32-bit values, for the derivative memo.
///
/// Open addressing with linear probing over a power-of-two array of (key, value) slots and a
/// multiplicative hash: the memo is probed once per derivative step of every new DFA
/// transition, and `Dictionary`'s seeded SipHash cost more than the derivative itself.
/// `UInt64.max` marks an empty slot, so it is not a valid key.
struct U64Table {
  private var keys: [UInt64]
  private var values: [UInt32]
  private var shift: UInt64
  private(set) var count = 0

  init(capacity: Int = 1024) {
    var n = 16
    while n < capacity * 2 { n <<= 1 }
    keys = [UInt64](repeating: .max, count: n)
    values = [UInt32](repeating: 0, count: n)
    shift = UInt64(64 - n.trailingZeroBitCount)
  }

  @inline(__always)
  private func slot(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift)
  }

  subscript(key: UInt64) -> UInt32? {
    get {
      let mask = keys.count &- 1
      var i = slot(key)
      while true {
        let k = keys[i]
        if k == key { return values[i] }
        if k == .max { return nil }
        i = (i &+ 1) & mask
      }
    }
    set {
      precondition(key != .max, "UInt64.max is reserved for empty slots")
      guard let v = newValue else { preconditionFailure("U64Table does not remove keys") }
      let mask = keys.count &- 1
      var i = slot(key)
      while true {
        let k = keys[i]
        if k == key {
          values[i] = v
          return
        }
        if k == .max { break }
        i = (i &+ 1) & mask
      }
      keys[i] = key
      values[i] = v
      count += 1
      if count * 2 > keys.count { grow() }
    }
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldValues = values
    let n = keys.count * 2
    keys = [UInt64](repeating: .max, count: n)
    values = [UInt32](repeating: 0, count: n)
    shift = UInt64(64 - n.trailingZeroBitCount)
    let mask = n - 1
    for j in 0..<oldKeys.count where oldKeys[j] != .max {
      var i = slot(oldKeys[j])
      while keys[i] != .max { i = (i &+ 1) & mask }
      keys[i] = oldKeys[j]
      values[i] = oldValues[j]
    }
  }
}
