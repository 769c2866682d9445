/// Recently created short member names, so that a name repeated across objects (the usual
/// shape of JSON: an array of records) is created once and then shared.
///
/// 64 direct-mapped slots keyed by the name's exact bytes: a name of at most 16 bytes is
/// fully described by its length, its first 8 and its last 8 bytes (``JSONNameWords``),
/// so a hit needs no byte comparison and never returns a wrong name.
struct JSONNameCache {
  private struct Entry {
    var words: JSONNameWords
    var name: String
  }

  private static let slotCount = 64
  private let entries: UnsafeMutablePointer<Entry>
  /// Bit i is set when slot i holds an entry.
  private var occupied: UInt64 = 0

  init() {
    entries = .allocate(capacity: Self.slotCount)
  }

  /// The name for `utf8`, from the cache when it was seen recently.
  @inline(__always)
  mutating func name(_ utf8: UnsafeBufferPointer<UInt8>, words: JSONNameWords) -> String {
    guard words.length <= 16 else { return String(validatedUTF8: utf8) }
    let slot = Int(truncatingIfNeeded: (words.digest &* 0x9E37_79B9_7F4A_7C15) &>> 58)
    let bit: UInt64 = 1 &<< UInt64(slot)
    let entry = entries + slot
    if occupied & bit != 0 {
      if entry.pointee.words == words { return entry.pointee.name }
      let name = String(validatedUTF8: utf8)
      entry.pointee = Entry(words: words, name: name)
      return name
    }
    let name = String(validatedUTF8: utf8)
    entry.initialize(to: Entry(words: words, name: name))
    occupied |= bit
    return name
  }

  /// Frees the slots.
  func release() {
    var remaining = occupied
    while remaining != 0 {
      (entries + remaining.trailingZeroBitCount).deinitialize(count: 1)
      remaining &= remaining &- 1
    }
    entries.deallocate()
  }
}

/// A member name's length and its first and last 8 bytes (zero-padded when shorter):
/// exact for names of up to 16 bytes, a pre-screen for longer ones.
struct JSONNameWords: Equatable {
  var length: Int
  var head: UInt64
  var tail: UInt64

  /// A digest of the three words; equal names have equal digests.
  @inline(__always)
  var digest: UInt64 {
    head ^ (tail &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(truncatingIfNeeded: length) &<< 56)
  }

  /// Reads the words of `length` bytes at `bytes`; `readable` is how many bytes from
  /// `bytes` may be read (at least `length`), so a short name can be read as one word.
  @inline(__always)
  init(_ bytes: UnsafePointer<UInt8>, length: Int, readable: Int) {
    self.length = length
    if length >= 8 {
      head = UInt64(littleEndian: UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self))
      tail = UInt64(littleEndian: UnsafeRawPointer(bytes + length - 8).loadUnaligned(as: UInt64.self))
      return
    }
    tail = 0
    if readable >= 8 {
      let word = UInt64(littleEndian: UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self))
      head = word & ((1 &<< UInt64(length &* 8)) &- 1)
      return
    }
    var packed: UInt64 = 0
    var i = 0
    while i < length {
      packed |= UInt64(bytes[i]) &<< UInt64(i &* 8)
      i += 1
    }
    head = packed
  }
}
