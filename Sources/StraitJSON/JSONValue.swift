/// A parsed JSON value.
///
/// Objects keep member order (schema compilation generates properties in definition
/// order) and numbers keep their exact text. Equality is JSON equality, as JSON Schema
/// defines it: numbers compare as exact decimals (`1 == 1.0`), strings code point by code
/// point (unlike Swift's `String ==`, which treats canonically equivalent strings such as
/// `"é"` and `"e\u{301}"` as equal), objects as unordered sets of members whose names are
/// compared code point by code point too (see ``JSONObject``), arrays element by element.
/// Hashing agrees: strings and member names are hashed by their UTF-8 bytes.
///
/// Comparison, hashing and destruction of a value recurse once per nesting level; values
/// from ``JSONParser`` are at most ``JSONParser/Options/maxDepth`` deep.
public enum JSONValue: Sendable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number, with its exact literal.
  case number(JSONNumber)
  /// A string (escapes decoded).
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object, members in document order.
  case object(JSONObject)
}

extension JSONValue {
  /// The JSON Schema type name: "null", "boolean", "number", "string", "array" or "object".
  ///
  /// Integers are "number" here; use ``isInteger`` to tell them apart.
  public var typeName: String {
    switch self {
    case .null: "null"
    case .bool: "boolean"
    case .number: "number"
    case .string: "string"
    case .array: "array"
    case .object: "object"
    }
  }

  /// Whether this is a number with an integral value (`1`, `1.0`, `1e2`).
  public var isInteger: Bool {
    if case .number(let n) = self { return n.isInteger }
    return false
  }

  /// Whether this is `null`.
  public var isNull: Bool {
    if case .null = self { return true }
    return false
  }

  /// The members when this is an object.
  public var objectValue: JSONObject? {
    if case .object(let o) = self { return o }
    return nil
  }

  /// The elements when this is an array.
  public var arrayValue: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }

  /// The string when this is a string.
  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The number when this is a number.
  public var numberValue: JSONNumber? {
    if case .number(let n) = self { return n }
    return nil
  }

  /// The Boolean when this is `true` or `false`.
  public var boolValue: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }

  /// The member named `key` when this is an object that has it.
  public subscript(key: String) -> JSONValue? {
    if case .object(let o) = self { return o[key] }
    return nil
  }

  /// The element at `index` when this is an array long enough.
  public subscript(index: Int) -> JSONValue? {
    if case .array(let a) = self, a.indices.contains(index) { return a[index] }
    return nil
  }
}

extension JSONValue: Hashable {
  /// JSON equality: exact numbers, unordered object members.
  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return JSONObject.sameName(a, b)
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)): return a == b
    default: return false
    }
  }

  /// Hashes consistently with ``==``: strings by their UTF-8 bytes, objects without
  /// regard to member order.
  public func hash(into hasher: inout Hasher) {
    switch self {
    case .null: hasher.combine(0)
    case .bool(let b): hasher.combine(1); hasher.combine(b)
    case .number(let n): hasher.combine(2); hasher.combine(n)
    case .string(let s): hasher.combine(3); hasher.combine(utf8Of: s)
    case .array(let a): hasher.combine(4); hasher.combine(a)
    case .object(let o): hasher.combine(5); hasher.combine(o)
    }
  }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
  ExpressibleByDictionaryLiteral
{
  /// `nil` is `null`.
  public init(nilLiteral: ()) { self = .null }
  /// A Boolean literal.
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  /// An integer literal.
  public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
  /// A string literal.
  public init(stringLiteral value: String) { self = .string(value) }
  /// An array literal.
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  /// A dictionary literal: members in the literal's order (a repeated name keeps its first
  /// position and its last value).
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    var o = JSONObject(minimumCapacity: elements.count)
    for (k, v) in elements { o.updateValue(v, forKey: k) }
    self = .object(o)
  }
}

extension JSONValue: CustomStringConvertible {
  /// The compact serialization.
  public var description: String { JSONSerializer.serialize(self) }
}
