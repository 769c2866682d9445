/// The property names of `properties` (and the names `additionalProperties` treats as
/// known), with their subschemas, for fast lookup on the validation hot path.
///
/// Most schemas name a handful of properties; for those a linear scan with `String ==`
/// (which compares small ASCII strings as two machine words) beats hashing the instance
/// key with SipHash. Large tables also keep a dictionary.
struct PropertyTable {
  /// Names in schema order.
  let names: [String]
  /// `targets[i]` is the subschema of `names[i]` (empty for a names-only table).
  let targets: [NodeRef]
  /// Index by name, only for tables larger than ``linearLimit``.
  let index: [String: Int]?

  /// Tables up to this size are scanned linearly.
  static let linearLimit = 12

  init(names: [String], targets: [NodeRef]) {
    self.names = names
    self.targets = targets
    if names.count > Self.linearLimit {
      var map: [String: Int] = [:]
      map.reserveCapacity(names.count)
      for (i, n) in names.enumerated() where map[n] == nil { map[n] = i }
      index = map
    } else {
      index = nil
    }
  }

  var isEmpty: Bool { names.isEmpty }

  /// The position of `key` in ``names``, or nil.
  ///
  /// - Complexity: O(count) for small tables, O(1) expected for large ones.
  @inline(__always)
  func position(of key: String) -> Int? {
    if let index { return index[key] }
    var i = 0
    let n = names.count
    while i < n {
      if names[i] == key { return i }
      i += 1
    }
    return nil
  }
}
