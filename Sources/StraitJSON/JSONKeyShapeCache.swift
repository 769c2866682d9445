/// The member-name arrays of recently built objects, so that objects with the same names in
/// the same order (the records of a listing) share one keys storage.
///
/// A ``JSONObject`` keeps its names in a `ContiguousArray<String>` (plus a hash index from
/// 17 members on, see ``JSONObject/Keys``); handing the same names (and index) to every
/// object of one shape saves an allocation and a free per object, about a third of all the
/// allocations of a typical document, and builds each index once.
///
/// 64 direct-mapped slots keyed by the names' count and the digests of the first and last
/// name. A hit is confirmed name by name on the exact bytes: equal ``JSONNameWords`` decide
/// names of up to 16 bytes, longer ones are also compared byte by byte. So a hit needs no `String` for the new object's
/// names, and the result is the same as building them. A cached shape was checked for
/// repeated names when it was first built, so a hit also proves the object has none.
///
/// A lookup returns the slot in place, so that the caller copies the names straight into
/// the new object: copying an entry (or returning the names as an optional) would retain
/// and release its references once more on every object.
struct JSONKeyShapeCache {
  struct Entry {
    var hash: UInt64
    /// Empty when the slot is free.
    var names: JSONObject.Keys
    /// The ``JSONNameWords`` of `names`, owned by the entry (nil when the slot is free).
    var words: UnsafeMutablePointer<JSONNameWords>?
  }

  private static let slotCount = 64
  /// Objects with more members are not cached.
  static let maxMembers = 32
  private var entries: UnsafeMutablePointer<Entry>?

  init() {}

  /// A key for the names from `start` to the top of `keys` (at least one): their count
  /// and the digests of the first and last (equal names, equal key).
  ///
  /// Not a hash of every name: ``lookup(_:from:hash:)`` compares every name anyway, and
  /// two shapes that share a count, a first and a last name only share a slot.
  @inline(__always)
  static func hash(_ keys: UnsafeStack<JSONPendingKey>, from start: Int) -> UInt64 {
    var h = UInt64(truncatingIfNeeded: keys.count &- start)
    h = (h ^ keys[start].digest) &* 0x9E37_79B9_7F4A_7C15
    h ^= h &>> 31
    h = (h ^ keys[keys.count &- 1].digest) &* 0x9E37_79B9_7F4A_7C15
    return h ^ (h &>> 29)
  }

  /// The entry whose names equal those from `start` to the top of `keys`, if any (valid
  /// until the next ``insert(_:keys:from:hash:)``).
  @inline(__always)
  func lookup(_ keys: UnsafeStack<JSONPendingKey>, from start: Int, hash: UInt64) -> UnsafePointer<Entry>? {
    guard let entries else { return nil }
    let entry = entries + Self.slot(hash)
    let count = keys.count &- start
    guard entry.pointee.hash == hash, entry.pointee.names.count == count, let words = entry.pointee.words else {
      return nil
    }
    var i = 0
    while i < count {
      let key = keys[start &+ i]
      guard key.words == words[i] else { return nil }
      // Words are exact up to 16 bytes; a longer name's tail word is a hash.
      if key.words.length > 16 && !key.hasBytes(of: entry.pointee.names.names[i]) { return nil }
      i &+= 1
    }
    return UnsafePointer(entry)
  }

  /// Remembers `names` (distinct; those of `keys` from `start` to the top) under `hash`.
  @inline(never)
  mutating func insert(
    _ names: JSONObject.Keys, keys: UnsafeStack<JSONPendingKey>, from start: Int, hash: UInt64
  ) {
    if entries == nil {
      let slots = UnsafeMutablePointer<Entry>.allocate(capacity: Self.slotCount)
      slots.initialize(repeating: Entry(hash: 0, names: JSONObject.Keys(), words: nil), count: Self.slotCount)
      entries = slots
    }
    guard let entries else { return }
    let words = UnsafeMutablePointer<JSONNameWords>.allocate(capacity: names.count)
    for i in 0..<names.count { (words + i).initialize(to: keys[start + i].words) }
    let entry = entries + Self.slot(hash)
    entry.pointee.words?.deallocate()
    entry.pointee = Entry(hash: hash, names: names, words: words)
  }

  @inline(__always)
  private static func slot(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash &>> 58) }

  /// Frees the slots.
  func release() {
    guard let entries else { return }
    for slot in 0..<Self.slotCount { entries[slot].words?.deallocate() }
    entries.deinitialize(count: Self.slotCount)
    entries.deallocate()
  }
}
