extension JSONObject: Hashable {
  /// JSON equality: the same members regardless of order, names compared by code points
  /// and values by ``JSONValue/==(_:_:)``.
  ///
  /// - Complexity: O(n) expected (one lookup in `rhs` per member of `lhs`).
  public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
    guard lhs.count == rhs.count else { return false }
    // The same names storage (objects the parser built alike): compare values in order.
    if lhs._keys.names.withUnsafeBufferPointer({ a in
      rhs._keys.names.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress }
    }) {
      return lhs._values == rhs._values
    }
    for i in 0..<lhs.count {
      guard let j = rhs.index(forKey: lhs._keys.names[i]), lhs._values[i] == rhs._values[j] else { return false }
    }
    return true
  }

  /// Hashes consistently with ``==(_:_:)``: member order does not matter, names are hashed
  /// by their UTF-8 bytes.
  public func hash(into hasher: inout Hasher) {
    // Order-independent: per-member hashes combined commutatively.
    var sum = 0
    for i in 0..<count {
      var member = Hasher()
      member.combine(utf8Of: _keys.names[i])
      member.combine(_values[i])
      sum = sum &+ member.finalize()
    }
    hasher.combine(count)
    hasher.combine(sum)
  }
}

extension Hasher {
  /// Feeds the UTF-8 bytes of `string` and their count (so that no sequence of strings
  /// hashes like another split differently); unlike `combine(string)`, which hashes the
  /// normalized form, different code points hash differently.
  @inline(__always)
  mutating func combine(utf8Of string: String) {
    let count = string.utf8.count
    if string.utf8.withContiguousStorageIfAvailable({ combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
      for byte in string.utf8 { combine(byte) }
    }
    combine(count)
  }
}
