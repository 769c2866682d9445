/// The property names of `properties` (and the names `additionalProperties` treats as
/// known), with their subschemas, for fast lookup on the validation hot path.
///
/// Most schemas name a handful of properties; for those a linear scan with `String ==`
/// (which compares small ASCII strings as two machine words) beats hashing the instance
/// key with SipHash. Large tables also keep a dictionary.
///
/// A class so that a keyword holding one stays narrow (see ``Boxed``).
final class PropertyTable {
  /// Names in schema order.
  let names: [String]
  /// `targets[i]` is the subschema of `names[i]` (empty for a names-only table).
  let targets: [NodeRef]
  /// Index by name, only for tables larger than ``linearLimit``.
  let index: [String: Int]?
  /// For `additionalProperties`: the `patternProperties` patterns (a key matching one is
  /// known too).
  let patterns: [CompiledPattern]

  /// Tables up to this size are scanned linearly.
  static let linearLimit = 12

  init(names: [String], targets: [NodeRef], patterns: [CompiledPattern] = []) {
    self.names = names
    self.targets = targets
    self.patterns = patterns
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

  /// Whether `key` is named or matches one of ``patterns``.
  @inline(__always)
  func knows(_ key: String) -> Bool {
    if !names.isEmpty && position(of: key) != nil { return true }
    for p in patterns where p.regex.matches(key) { return true }
    return false
  }

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
