/// The header of a ``JSONNameTable``.
@usableFromInline
struct JSONNameTableHeader {
  /// The slot count minus one (the slot count is a power of two).
  var mask: Int
  /// How many names the table holds.
  var count: Int
  /// The per-process seed the names were hashed with.
  var seed: UInt64
}

/// The hash index of a large object's member names: open addressing over the hashes of
/// the names' UTF-8 bytes (never `String` hashing, which hashes the normalized form).
///
/// One allocation: the header, then the slots. A slot is 0 when free, else the high 32
/// bits of the name's hash above the name's position plus one, so a probe compares names
/// only when 32 bits of their hashes agree. The table is immutable while shared (objects
/// share it with their names); ``JSONObject/Keys`` inserts in place only into a table it
/// holds the only reference to, and otherwise builds a new one.
///
/// The hash is seeded per process (from `Hasher`, so `SWIFT_DETERMINISTIC_HASHING` fixes
/// it too): names chosen to collide in one process need not collide in another.
@usableFromInline
final class JSONNameTable: ManagedBuffer<JSONNameTableHeader, UInt64> {
  /// The seed of every table of this process.
  static let seed: UInt64 = {
    var hasher = Hasher()
    hasher.combine(0x4A53_4F4E_4E41_4D45 as UInt64)
    return UInt64(UInt(bitPattern: hasher.finalize()))
  }()

  /// A table of `names` (distinct), with room to add as many again.
  ///
  /// - Complexity: O(n) expected.
  static func build(_ names: ContiguousArray<String>) -> JSONNameTable {
    var slotCount = 32
    while slotCount < names.count &* 2 { slotCount &<<= 1 }
    let seed = Self.seed
    let table = unsafeDowncast(
      Self.create(minimumCapacity: slotCount) { _ in
        JSONNameTableHeader(mask: slotCount &- 1, count: 0, seed: seed)
      },
      to: JSONNameTable.self)
    table.withUnsafeMutablePointers { header, slots in
      slots.initialize(repeating: 0, count: slotCount)
      names.withUnsafeBufferPointer { names in
        for i in 0..<names.count {
          Self.withUTF8(names[i]) { Self.place(hash: Self.hash($0, seed: seed), position: i, header, slots) }
        }
      }
    }
    return table
  }

  /// Adds `name` (not yet in the table) at `position`; false, having changed nothing, when
  /// the table is too full (the caller then builds a larger one).
  ///
  /// - Complexity: O(1) expected.
  func insert(_ name: String, at position: Int) -> Bool {
    withUnsafeMutablePointers { header, slots in
      // At most three quarters full.
      guard (header.pointee.count &+ 1) &* 4 <= (header.pointee.mask &+ 1) &* 3 else { return false }
      let seed = header.pointee.seed
      Self.withUTF8(name) { Self.place(hash: Self.hash($0, seed: seed), position: position, header, slots) }
      return true
    }
  }

  /// Writes the slot of a name with this hash at `position`.
  @inline(__always)
  private static func place(
    hash: UInt64, position: Int, _ header: UnsafeMutablePointer<JSONNameTableHeader>,
    _ slots: UnsafeMutablePointer<UInt64>
  ) {
    precondition(position < Int(UInt32.max), "too many members for one JSON object")
    let mask = header.pointee.mask
    var s = Int(truncatingIfNeeded: hash) & mask
    while slots[s] != 0 { s = (s &+ 1) & mask }
    slots[s] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(truncatingIfNeeded: position &+ 1)
    header.pointee.count &+= 1
  }

  /// The position of the name with the code points of `key` among `names` (the names
  /// this table was built for), or nil.
  ///
  /// - Complexity: O(1) expected.
  @usableFromInline
  func position(of key: String, in names: ContiguousArray<String>) -> Int? {
    Self.withUTF8(key) { bytes in
      names.withUnsafeBufferPointer { names in position(ofUTF8: bytes, in: names) }
    }
  }

  /// The position of the name with exactly the bytes `key` among `names`, or nil.
  func position(ofUTF8 key: UnsafeBufferPointer<UInt8>, in names: UnsafeBufferPointer<String>) -> Int? {
    withUnsafeMutablePointers { header, slots in
      let mask = header.pointee.mask
      let hash = Self.hash(key, seed: header.pointee.seed)
      let tag = hash & 0xFFFF_FFFF_0000_0000
      var s = Int(truncatingIfNeeded: hash) & mask
      while true {
        let slot = slots[s]
        if slot == 0 { return nil }
        if slot & 0xFFFF_FFFF_0000_0000 == tag {
          let position = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) &- 1
          if JSONObject.sameName(names[position], key) { return position }
        }
        s = (s &+ 1) & mask
      }
    }
  }

  /// Calls `body` with the UTF-8 bytes of `string` (copied only when not contiguous).
  @inline(__always)
  static func withUTF8<R>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
    return ContiguousArray(string.utf8).withUnsafeBufferPointer(body)
  }

  /// A hash of `bytes`: 8 bytes at a time, each word mixed in by a multiply and a shift.
  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
    let count = bytes.count
    var h = seed ^ (UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15)
    guard let base = bytes.baseAddress else { return finish(h) }
    var i = 0
    while i &+ 8 <= count {
      h = mix(h ^ UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)))
      i &+= 8
    }
    if i < count {
      var word: UInt64 = 0
      var shift: UInt64 = 0
      while i < count {
        word |= UInt64(base[i]) &<< shift
        shift &+= 8
        i &+= 1
      }
      h = mix(h ^ word)
    }
    return finish(h)
  }

  @inline(__always)
  private static func mix(_ x: UInt64) -> UInt64 {
    let y = x &* 0xBF58_476D_1CE4_E5B9
    return y ^ (y &>> 31)
  }

  @inline(__always)
  private static func finish(_ x: UInt64) -> UInt64 {
    var h = x ^ (x &>> 33)
    h = h &* 0xFF51_AFD7_ED55_8CCD
    return h ^ (h &>> 33)
  }
}
