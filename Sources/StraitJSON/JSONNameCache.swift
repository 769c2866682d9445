/// Recently created short member names, so that a name repeated across objects (the usual
/// shape of JSON: an array of records) is created once and then shared.
///
/// 128 sets of 2 slots keyed by the name's exact bytes: a name of at most 16 bytes is fully
/// described by its length, its first 8 and its last 8 bytes (``JSONNameWords``), so a hit
/// needs no byte comparison and never returns a wrong name. Two ways per set keep the
/// names of a typical record from evicting each other. The slots are only allocated once
/// a document has shown 32 names, so small documents do not pay for them.
struct JSONNameCache {
  private struct Entry {
    var words: JSONNameWords
    var name: String
  }

  private static let setCount = 128
  private static let namesBeforeCaching = 32
  private var entries: UnsafeMutablePointer<Entry>?
  /// One byte per slot (1 when occupied), then one per set (the way to replace next).
  private var state: UnsafeMutablePointer<UInt8>?
  private var namesSeen = 0

  init() {}

  /// The name for `utf8`, from the cache when it was seen recently.
  @inline(__always)
  mutating func name(_ utf8: UnsafeBufferPointer<UInt8>, words: JSONNameWords) -> String {
    guard words.length <= 16, let entries, let state else { return uncachedName(utf8) }
    let set = Int(truncatingIfNeeded: (words.digest &* 0x9E37_79B9_7F4A_7C15) &>> 57)
    let first = 2 &* set
    if state[first] != 0 && entries[first].words == words { return entries[first].name }
    if state[first &+ 1] != 0 && entries[first &+ 1].words == words { return entries[first &+ 1].name }
    return Self.insert(utf8, words: words, set: set, entries: entries, state: state)
  }

  @inline(__always)
  private mutating func uncachedName(_ utf8: UnsafeBufferPointer<UInt8>) -> String {
    if entries == nil {
      namesSeen &+= 1
      if namesSeen == Self.namesBeforeCaching {
        entries = .allocate(capacity: 2 * Self.setCount)
        state = .allocate(capacity: 3 * Self.setCount)
        state?.initialize(repeating: 0, count: 3 * Self.setCount)
      }
    }
    return String(validatedUTF8: utf8)
  }

  @inline(never)
  private static func insert(
    _ utf8: UnsafeBufferPointer<UInt8>, words: JSONNameWords, set: Int,
    entries: UnsafeMutablePointer<Entry>, state: UnsafeMutablePointer<UInt8>
  ) -> String {
    let name = String(validatedUTF8: utf8)
    let victim = state + 2 * setCount + set
    let slot = 2 &* set &+ Int(victim.pointee)
    victim.pointee ^= 1
    if state[slot] != 0 {
      entries[slot] = Entry(words: words, name: name)
    } else {
      (entries + slot).initialize(to: Entry(words: words, name: name))
      state[slot] = 1
    }
    return name
  }

  /// Frees the slots.
  func release() {
    guard let entries, let state else { return }
    for slot in 0..<(2 * Self.setCount) where state[slot] != 0 {
      (entries + slot).deinitialize(count: 1)
    }
    entries.deallocate()
    state.deallocate()
  }
}

/// A member name's length, its first 8 bytes and (from 9 bytes on) its last 8 bytes,
/// zero-padded: exact for names of up to 16 bytes. For longer names `tail` is instead a
/// hash of every byte after the first 8, so the digest still changes when any byte does.
struct JSONNameWords: Equatable {
  var length: Int
  var head: UInt64
  var tail: UInt64

  /// A digest of the three words; equal names have equal digests, and names of up to 8
  /// bytes with the same length never share one (each step below is a bijection).
  @inline(__always)
  var digest: UInt64 {
    var h = head &* 0x9E37_79B9_7F4A_7C15
    h ^= (tail &+ UInt64(truncatingIfNeeded: length)) &* 0xC2B2_AE3D_27D4_EB4F
    return h ^ (h &>> 32)
  }

  /// The words of a name of fewer than 8 bytes, given as `head` (zero-padded).
  @inline(__always)
  init(shortName head: UInt64, length: Int) {
    self.length = length
    self.head = head
    tail = 0
  }

  /// Reads the words of `length` bytes at `bytes`; `readable` is how many bytes from
  /// `bytes` may be read (at least `length`), so a short name can be read as one word.
  @inline(__always)
  init(_ bytes: UnsafePointer<UInt8>, length: Int, readable: Int) {
    self.length = length
    @inline(__always) func word(_ offset: Int) -> UInt64 {
      UInt64(littleEndian: UnsafeRawPointer(bytes + offset).loadUnaligned(as: UInt64.self))
    }
    if length > 8 {
      head = word(0)
      guard length > 16 else {
        tail = word(length - 8)
        return
      }
      var hash: UInt64 = 0x243F_6A88_85A3_08D3
      var i = 8
      while i + 8 <= length {
        hash = (hash ^ word(i)) &* 0x9E37_79B9_7F4A_7C15
        hash ^= hash &>> 29
        i += 8
      }
      tail = (hash ^ word(length - 8)) &* 0x9E37_79B9_7F4A_7C15
      return
    }
    tail = 0
    if length == 8 {
      head = word(0)
      return
    }
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
