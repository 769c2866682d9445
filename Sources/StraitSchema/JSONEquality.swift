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
    case (.string(let x), .string(let y)): return sameCodePoints(x, y)
    case (.array(let x), .array(let y)):
      guard x.count == y.count else { return false }
      for i in x.indices where !equal(x[i], y[i]) { return false }
      return true
    case (.object(let x), .object(let y)):
      guard x.count == y.count else { return false }
      for (key, value) in x {
        // `index(forKey:)` compares names by code points, as JSON Schema does.
        guard let i = y.index(forKey: key), equal(value, y.values[i]) else { return false }
      }
      return true
    default: return false
    }
  }
}

/// A hashable wrapper with ``JSONEquality`` semantics (hashing is JSONValue's, which is
/// consistent with it: strings and member names are hashed by their UTF-8 bytes).
struct StrictJSONKey: Hashable {
  let value: JSONValue
  static func == (a: StrictJSONKey, b: StrictJSONKey) -> Bool { JSONEquality.equal(a.value, b.value) }
  func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

extension JSONEquality {
  /// Whether two strings have the same code points (their UTF-8 bytes are equal), the
  /// lengths compared first.
  @inline(__always)
  static func sameCodePoints(_ a: String, _ b: String) -> Bool {
    let (x, y) = (a.utf8, b.utf8)
    guard x.count == y.count else { return false }
    let fast = x.withContiguousStorageIfAvailable { p in
      y.withContiguousStorageIfAvailable { q in p.elementsEqual(q) }
    }
    if let fast = fast ?? nil { return fast }
    return x.elementsEqual(y)
  }
}

/// The values of an `enum`, split by kind: instances are mostly strings, and a string
/// is looked up by its UTF-8 bytes in a ``NameTable`` (equal bytes are equal code
/// points, and no `String` hashing, which normalises, is involved).
final class EnumValues {
  /// Every value, in schema order (for messages).
  let values: [JSONValue]
  /// The other values.
  let others: [JSONValue]
  /// The string values (owns the memory of ``strings``).
  private let stringStorage: NameTableStorage
  /// The string values, looked up by bytes.
  let strings: NameTable

  /// - Parameter placeholder: a node for the table's unused subschema slots.
  init(_ values: [JSONValue], placeholder: NodeRef) {
    self.values = values
    var strings: [String] = []
    var others: [JSONValue] = []
    for v in values {
      if case .string(let s) = v { strings.append(s) } else { others.append(v) }
    }
    self.others = others
    stringStorage = NameTableStorage(names: strings, placeholder: placeholder)
    self.strings = stringStorage.table
  }

  /// Whether `instance` equals one of the values (``JSONEquality`` semantics).
  func contains(_ instance: JSONValue) -> Bool {
    if case .string(let s) = instance { return strings.position(of: s) != nil }
    for v in others where JSONEquality.equal(v, instance) { return true }
    return false
  }
}
