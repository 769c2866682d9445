import StraitJSON

/// JSON Schema equality: like `JSONValue.==` (exact numbers, unordered objects) but with
/// strings compared code point by code point.
///
/// Swift's `String ==` uses Unicode canonical equivalence, so `"é"` (U+00E9) equals
/// `"e\u{301}"`; JSON Schema's `const`, `enum` and `uniqueItems` must tell them apart.
enum JSONEquality {
  static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
    case (.array(let x), .array(let y)):
      guard x.count == y.count else { return false }
      for i in x.indices where !equal(x[i], y[i]) { return false }
      return true
    case (.object(let x), .object(let y)):
      guard x.count == y.count else { return false }
      for (key, value) in x {
        // Keys must match exactly too: find the member whose key has the same code points.
        guard let i = y.index(forKey: key), y.keys[i].utf8.elementsEqual(key.utf8) else { return false }
        guard equal(value, y.values[i]) else { return false }
      }
      return true
    default: return false
    }
  }
}

/// A hashable wrapper with ``JSONEquality`` semantics (hashing is JSONValue's, which is
/// coarser, so it stays consistent).
struct StrictJSONKey: Hashable {
  let value: JSONValue
  static func == (a: StrictJSONKey, b: StrictJSONKey) -> Bool { JSONEquality.equal(a.value, b.value) }
  func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
