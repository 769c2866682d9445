/// An insert-only hash set of byte strings with an `Int32` payload each, used by loaders to
/// find duplicate tokens (`"duplicate token 'abc' (ids 5 and 9)"`) in one pass.
///
/// Open addressing with linear probing over a power-of-two slot array; strings are copied into
/// one flat buffer, so there is no allocation per entry.
struct ByteStringTable {
  private var storage: [UInt8] = []
  private var starts: [Int] = [0]
  private(set) var payloads: [Int32] = []
  /// Per slot: the entry's hash in the high 32 bits and entry index + 1 in the low 32 bits;
  /// 0 is empty. Keeping the hash in the slot avoids touching the entry on most probes.
  private var slots: [UInt64]
  private var mask: Int

  init(expectedCount: Int, expectedBytes: Int = 0) {
    var size = 16
    while size < expectedCount * 2 { size <<= 1 }
    slots = [UInt64](repeating: 0, count: size)
    mask = size - 1
    storage.reserveCapacity(expectedBytes)
    starts.reserveCapacity(expectedCount + 1)
    payloads.reserveCapacity(expectedCount)
  }

  var count: Int { payloads.count }

  /// The bytes of entry `k`.
  func bytes(ofEntry k: Int) -> ArraySlice<UInt8> { storage[starts[k]..<starts[k + 1]] }

  /// Inserts `s` with `payload` unless an equal string is present; returns the entry index of
  /// the equal string already present (nothing is inserted then), or nil after inserting.
  mutating func insert(_ s: UnsafeBufferPointer<UInt8>, payload: Int32) -> Int? {
    let h = Self.hash(s)
    let tag = h & 0xFFFF_FFFF_0000_0000
    var slot = Int(truncatingIfNeeded: h) & mask
    while true {
      let v = slots[slot]
      if v == 0 { break }
      if v & 0xFFFF_FFFF_0000_0000 == tag {
        let e = Int(truncatingIfNeeded: v & 0xFFFF_FFFF) - 1
        if equal(entry: e, s) { return e }
      }
      slot = (slot + 1) & mask
    }
    let entry = payloads.count
    slots[slot] = tag | UInt64(entry + 1)
    storage.append(contentsOf: s)
    starts.append(storage.count)
    payloads.append(payload)
    if payloads.count * 2 > slots.count { grow() }
    return nil
  }

  /// The entry index of a string equal to `s`, if present.
  func find(_ s: UnsafeBufferPointer<UInt8>) -> Int? {
    let h = Self.hash(s)
    let tag = h & 0xFFFF_FFFF_0000_0000
    var slot = Int(truncatingIfNeeded: h) & mask
    while true {
      let v = slots[slot]
      if v == 0 { return nil }
      if v & 0xFFFF_FFFF_0000_0000 == tag {
        let e = Int(truncatingIfNeeded: v & 0xFFFF_FFFF) - 1
        if equal(entry: e, s) { return e }
      }
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
    var fresh = [UInt64](repeating: 0, count: size)
    let newMask = size - 1
    for e in 0..<payloads.count {
      let h = storage.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[starts[e]..<starts[e + 1]])) }
      var slot = Int(truncatingIfNeeded: h) & newMask
      while fresh[slot] != 0 { slot = (slot + 1) & newMask }
      fresh[slot] = h & 0xFFFF_FFFF_0000_0000 | UInt64(e + 1)
    }
    slots = fresh
    mask = newMask
  }

  /// A fast 64-bit hash: 8 bytes at a time, multiply-xorshift mixing.
  @inline(__always)
  static func hash(_ s: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let n = s.count
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
    guard let base = s.baseAddress else { return h }
    let raw = UnsafeRawPointer(base)
    var i = 0
    while i + 8 <= n {
      let chunk = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      h = (h ^ chunk) &* 0xFF51_AFD7_ED55_8CCD
      h ^= h >> 29
      i += 8
    }
    if i < n {
      var tail: UInt64 = 0
      var shift: UInt64 = 0
      while i < n {
        tail |= UInt64(base[i]) << shift
        shift += 8
        i += 1
      }
      h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
    }
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
