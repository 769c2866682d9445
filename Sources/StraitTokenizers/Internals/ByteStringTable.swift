/// An insert-only hash set of byte strings with an `Int32` payload each, used by loaders to
/// find duplicate tokens (`"duplicate token 'abc' (ids 5 and 9)"`) in one pass.
///
/// Open addressing with linear probing over a power-of-two slot array; strings are copied into
/// one flat buffer, so there is no allocation per entry.
struct ByteStringTable {
  private var storage: [UInt8] = []
  private var starts: [Int] = [0]
  private var hashes: [UInt64] = []
  private(set) var payloads: [Int32] = []
  /// Entry index + 1 per slot; 0 is empty.
  private var slots: [Int32]
  private var mask: Int

  init(expectedCount: Int, expectedBytes: Int = 0) {
    var size = 16
    while size < expectedCount * 2 { size <<= 1 }
    slots = [Int32](repeating: 0, count: size)
    mask = size - 1
    storage.reserveCapacity(expectedBytes)
    starts.reserveCapacity(expectedCount + 1)
    hashes.reserveCapacity(expectedCount)
    payloads.reserveCapacity(expectedCount)
  }

  var count: Int { payloads.count }

  /// The bytes of entry `k`.
  func bytes(ofEntry k: Int) -> ArraySlice<UInt8> { storage[starts[k]..<starts[k + 1]] }

  /// Inserts `s` with `payload` unless an equal string is present; returns the entry index of
  /// the equal string already present (nothing is inserted then), or nil after inserting.
  mutating func insert(_ s: UnsafeBufferPointer<UInt8>, payload: Int32) -> Int? {
    let h = Self.hash(s)
    var slot = Int(truncatingIfNeeded: h) & mask
    while true {
      let e = Int(slots[slot]) - 1
      if e < 0 { break }
      if hashes[e] == h, equal(entry: e, s) { return e }
      slot = (slot + 1) & mask
    }
    let entry = payloads.count
    slots[slot] = Int32(entry + 1)
    storage.append(contentsOf: s)
    starts.append(storage.count)
    hashes.append(h)
    payloads.append(payload)
    if payloads.count * 2 > slots.count { grow() }
    return nil
  }

  /// The entry index of a string equal to `s`, if present.
  func find(_ s: UnsafeBufferPointer<UInt8>) -> Int? {
    let h = Self.hash(s)
    var slot = Int(truncatingIfNeeded: h) & mask
    while true {
      let e = Int(slots[slot]) - 1
      if e < 0 { return nil }
      if hashes[e] == h, equal(entry: e, s) { return e }
      slot = (slot + 1) & mask
    }
  }

  private func equal(entry e: Int, _ s: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = starts[e]
    let n = starts[e + 1] - start
    guard n == s.count else { return false }
    return storage.withUnsafeBufferPointer { buffer in
      for k in 0..<n where buffer[start + k] != s[k] { return false }
      return true
    }
  }

  private mutating func grow() {
    let size = slots.count * 2
    slots = [Int32](repeating: 0, count: size)
    mask = size - 1
    for e in hashes.indices {
      var slot = Int(truncatingIfNeeded: hashes[e]) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(e + 1)
    }
  }

  /// FNV-1a over the bytes, then a final mix so that the low bits used for slots are spread.
  @inline(__always)
  static func hash(_ s: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in s { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
    h ^= h >> 33
    h = h &* 0xFF51_AFD7_ED55_8CCD
    h ^= h >> 33
    return h
  }
}

extension ByteStringTable {
  /// A short printable rendering of token text for error messages (controls escaped).
  static func display(_ bytes: some Collection<UInt8>) -> String {
    var text = ""
    for scalar in String(decoding: bytes.prefix(60), as: UTF8.self).unicodeScalars {
      if scalar.value < 0x20 || scalar.value == 0x7F {
        text += "\\u{" + String(scalar.value, radix: 16) + "}"
      } else {
        text.unicodeScalars.append(scalar)
      }
    }
    if bytes.count > 60 { text += "…" }
    return "'" + text + "'"
  }
}
