/// Property names (with their subschemas, for `properties`) in one block of memory,
/// looked up by the UTF-8 bytes of an instance key.
///
/// JSON Schema compares property names code point by code point, which is what equal
/// UTF-8 bytes mean (Swift's `String ==` would also match canonically equivalent names).
///
/// The validator reads a schema's tables cold (a benchmark pass over thousands of
/// schemas does not fit in cache), so the layout keeps a lookup to one or two cache
/// lines: a header, the hash slots, then one 24-byte entry per name holding its length,
/// its first 8 bytes and its subschema; only names longer than 8 bytes keep the rest
/// in a tail area. Keywords hold a ``NameTable`` (a pointer: trivial to copy); the
/// memory belongs to a ``NameTableStorage`` that the node keeps alive.
struct NameTable {
  /// The start of the block (see ``NameTableStorage`` for the layout).
  let base: UnsafeRawPointer

  struct Header {
    /// Number of names.
    var count: Int32
    /// Slot count minus one (the slot count is a power of two).
    var mask: Int32
    /// Byte offset of the entries from `base`.
    var entriesOffset: Int32
    /// Whether the storage has `patternProperties` patterns (for `additionalProperties`).
    var hasPatterns: Bool
    /// Bit `i` set for each distinct name's first position `i` (for `required`); 0 when
    /// there are more than 64 names.
    var requiredMask: UInt64
    /// The owner, for the rarely needed parts (names as strings, patterns).
    var storage: Unmanaged<NameTableStorage>
    /// `properties` tables (see ``NameTableStorage/fuse(required:additional:)``): bit `p`
    /// set for each name of the node's `required` at position `p` here.
    var fusedRequired: UInt64 = 0
    /// `properties` tables: the node's `additionalProperties` subschema, checked on the
    /// keys this table does not have.
    var fusedAdditional: NodeRef? = nil
    /// `required` and `additionalProperties` tables: the node's `properties` pass checks
    /// this keyword (in the fast mode without annotations).
    var checkedByProperties = false
  }

  struct Entry {
    /// The first (up to) 8 bytes of the name, little-endian, zero-padded.
    var head: UInt64
    var length: UInt32
    /// Where bytes 8... of the name are, from `base` (names longer than 8 bytes).
    var tailOffset: UInt32
    /// The subschema (`properties`), or a placeholder.
    var target: NodeRef
  }

  @inline(__always)
  var header: Header { base.load(as: Header.self) }

  @inline(__always)
  var slots: UnsafePointer<Int32> {
    (base + MemoryLayout<Header>.stride).assumingMemoryBound(to: Int32.self)
  }

  @inline(__always)
  func entry(_ i: Int) -> Entry {
    (base + Int(header.entriesOffset)).assumingMemoryBound(to: Entry.self)[i]
  }

  /// The first (up to) 8 bytes of `key`, as stored in ``Entry/head``.
  @inline(__always)
  static func head(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
    if key.count >= 8 { return UInt64(littleEndian: UnsafeRawPointer(key.baseAddress!).loadUnaligned(as: UInt64.self)) }
    var h: UInt64 = 0
    for i in 0..<key.count { h |= UInt64(key[i]) << (8 * UInt64(i)) }
    return h
  }

  @inline(__always)
  static func hash(head: UInt64, length: Int) -> Int {
    let h = (head ^ UInt64(truncatingIfNeeded: length) &* 0x9E37_79B9_7F4A_7C15) &* 0xFF51_AFD7_ED55_8CCD
    return Int(truncatingIfNeeded: h >> 32)
  }

  /// The position of the name with these bytes, or nil.
  @inline(__always)
  func position(ofUTF8 key: UnsafeBufferPointer<UInt8>) -> Int? {
    let h = header
    let head = Self.head(key)
    let entries = (base + Int(h.entriesOffset)).assumingMemoryBound(to: Entry.self)
    let mask = Int(h.mask)
    var s = Self.hash(head: head, length: key.count) & mask
    while true {
      let i = Int(slots[s])
      if i < 0 { return nil }
      let e = entries[i]
      if e.head == head && Int(e.length) == key.count {
        if key.count <= 8 { return i }
        let tail = (base + Int(e.tailOffset)).assumingMemoryBound(to: UInt8.self)
        var k = 8
        while k < key.count && tail[k - 8] == key[k] { k += 1 }
        if k == key.count { return i }
      }
      s = (s + 1) & mask
    }
  }

  /// The position of `key` (compared by code points), or nil.
  @inline(__always)
  func position(of key: String) -> Int? {
    if let found = key.utf8.withContiguousStorageIfAvailable({ position(ofUTF8: $0) }) { return found }
    return Array(key.utf8).withUnsafeBufferPointer { position(ofUTF8: $0) }
  }

  /// Whether `key` is a name or matches one of the storage's patterns (nil when it is
  /// not a name, matches no pattern, and PCRE2 could not match one of them).
  @inline(__always)
  func knows(_ key: String) -> Bool? {
    if position(of: key) != nil { return true }
    return header.hasPatterns ? header.storage._withUnsafeGuaranteedRef { $0.matchesPattern(key) } : false
  }
}

/// Owns the memory of a ``NameTable`` and the parts read off the hot path.
final class NameTableStorage {
  /// The names in schema order (duplicates kept; lookups find the first).
  let names: [String]
  /// For `additionalProperties`: the `patternProperties` patterns (a key matching one is
  /// known too).
  let patterns: [CompiledPattern]
  private let memory: UnsafeMutableRawPointer

  /// - Parameters:
  ///   - names: the names, in schema order.
  ///   - targets: `targets[i]` is the subschema of `names[i]` (empty for names only).
  ///   - patterns: see ``patterns``.
  init(names: [String], targets: [NodeRef] = [], patterns: [CompiledPattern] = [], placeholder: NodeRef) {
    self.names = names
    self.patterns = patterns
    var slotCount = 2
    while slotCount < names.count * 2 { slotCount *= 2 }
    let headerSize = MemoryLayout<NameTable.Header>.stride
    let entryStride = MemoryLayout<NameTable.Entry>.stride
    let entriesOffset = (headerSize + slotCount * 4 + 7) & ~7
    let tailsOffset = entriesOffset + names.count * entryStride
    let tailBytes = names.reduce(0) { $0 + Swift.max($1.utf8.count - 8, 0) }
    memory = .allocate(byteCount: tailsOffset + tailBytes, alignment: 8)

    let slots = (memory + headerSize).bindMemory(to: Int32.self, capacity: slotCount)
    slots.initialize(repeating: -1, count: slotCount)
    let entries = (memory + entriesOffset).bindMemory(to: NameTable.Entry.self, capacity: names.count)
    let tails = (memory + tailsOffset).bindMemory(to: UInt8.self, capacity: tailBytes)
    var tailEnd = 0
    for (i, name) in names.enumerated() {
      let bytes = Array(name.utf8)
      let head = bytes.withUnsafeBufferPointer { NameTable.head(UnsafeBufferPointer(rebasing: $0.prefix(8))) }
      (entries + i).initialize(
        to: NameTable.Entry(
          head: head, length: UInt32(bytes.count), tailOffset: UInt32(tailsOffset + tailEnd),
          target: i < targets.count ? targets[i] : placeholder))
      for b in bytes.dropFirst(8) {
        tails[tailEnd] = b
        tailEnd += 1
      }
    }
    memory.bindMemory(to: NameTable.Header.self, capacity: 1).initialize(
      to: NameTable.Header(
        count: Int32(names.count), mask: Int32(slotCount - 1), entriesOffset: Int32(entriesOffset),
        hasPatterns: !patterns.isEmpty, requiredMask: 0, storage: .passUnretained(self)))
    // Slots: the first of equal names wins.
    let table = self.table
    var requiredMask: UInt64 = 0
    for (i, name) in names.enumerated() {
      if let first = table.position(of: name) {
        if first < 64 { requiredMask |= 1 << UInt64(first) }
        continue
      }
      let bytes = Array(name.utf8)
      let head = bytes.withUnsafeBufferPointer { NameTable.head(UnsafeBufferPointer(rebasing: $0.prefix(8))) }
      var s = NameTable.hash(head: head, length: bytes.count) & (slotCount - 1)
      while slots[s] >= 0 { s = (s + 1) & (slotCount - 1) }
      slots[s] = Int32(i)
      if i < 64 { requiredMask |= 1 << UInt64(i) }
    }
    memory.assumingMemoryBound(to: NameTable.Header.self).pointee.requiredMask = names.count <= 64 ? requiredMask : 0
  }

  deinit { memory.deallocate() }

  /// Lets this `properties` table's pass also check the node's `required` and
  /// `additionalProperties`, when it can do so with the lookup it already makes for each
  /// key: every required name is a property at one of the first 64 positions, and the
  /// names known to `additionalProperties` are exactly the properties (no
  /// `patternProperties`). The fast mode then reads each key once instead of three times.
  static func fuse(properties: NameTable, required: NameTable?, additional: (NodeRef, NameTable)?) {
    func header(_ table: NameTable) -> UnsafeMutablePointer<NameTable.Header> {
      UnsafeMutableRawPointer(mutating: table.base).assumingMemoryBound(to: NameTable.Header.self)
    }
    if let required {
      var mask: UInt64 = 0
      var all = true
      for name in required.header.storage.takeUnretainedValue().names {
        guard let p = properties.position(of: name), p < 64 else {
          all = false
          break
        }
        mask |= 1 << UInt64(p)
      }
      if all {
        header(properties).pointee.fusedRequired = mask
        header(required).pointee.checkedByProperties = true
      }
    }
    if let (ref, known) = additional, !known.header.hasPatterns {
      header(properties).pointee.fusedAdditional = ref
      header(known).pointee.checkedByProperties = true
    }
  }

  /// The table (valid while this storage lives).
  var table: NameTable { NameTable(base: UnsafeRawPointer(memory)) }

  /// Whether `key` matches one of ``patterns``; nil when none does and PCRE2 could not
  /// match one of them.
  func matchesPattern(_ key: String) -> Bool? {
    var decided = true
    for p in patterns {
      switch p.match(key) {
      case true?: return true
      case false?: continue
      case nil: decided = false
      }
    }
    return decided ? false : nil
  }
}
