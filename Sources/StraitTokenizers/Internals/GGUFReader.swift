/// Reads the header and metadata key-value pairs of a GGUF file (versions 2 and 3, little
/// endian), never the tensor data.
///
/// Layout: magic `GGUF`, `u32` version, `u64` tensor count, `u64` metadata count, then each
/// pair as a string key (`u64` length + bytes), a `u32` value type and the value. Strings are a
/// `u64` length and bytes; arrays are a `u32` element type, a `u64` count and the elements
/// (arrays of arrays allowed). Every read is bounds-checked and every length is checked
/// against the bytes left before use, so a truncated or corrupt file is an error naming the
/// byte offset, never a crash or a huge allocation.
struct GGUFReader {
  enum ValueType: UInt32 {
    case uint8 = 0, int8, uint16, int16, uint32, int32, float32, bool, string, array, uint64, int64, float64

    /// The size of a fixed-size value; nil for strings and arrays.
    var fixedSize: Int? {
      switch self {
      case .uint8, .int8, .bool: 1
      case .uint16, .int16: 2
      case .uint32, .int32, .float32: 4
      case .uint64, .int64, .float64: 8
      case .string, .array: nil
      }
    }
  }

  /// Where a metadata value lies.
  struct Value {
    var type: ValueType
    /// Offset of the value (for arrays: of the element type field).
    var offset: Int
  }

  let path: String
  let bytes: UnsafeBufferPointer<UInt8>
  var index = 0
  private(set) var version: UInt32 = 0
  private(set) var tensorCount: UInt64 = 0
  /// Every metadata key with its value's position, in file order.
  private(set) var entries: [(key: String, value: Value)] = []

  /// The deepest nesting of arrays accepted.
  static let maxArrayDepth = 8

  init(path: String, bytes: UnsafeBufferPointer<UInt8>) {
    self.path = path
    self.bytes = bytes
  }

  func error(_ message: String, at offset: Int) -> TokenizerError {
    TokenizerError(path: path, message: message, offset: offset)
  }

  func truncated(_ what: String, at offset: Int) -> TokenizerError {
    error("truncated GGUF metadata at byte \(offset) (reading \(what); the file has \(bytes.count) bytes)", at: offset)
  }

  // MARK: Primitive reads

  @inline(__always)
  func require(_ count: Int, at offset: Int, _ what: String) throws(TokenizerError) {
    guard count >= 0, offset >= 0, offset <= bytes.count, count <= bytes.count - offset else {
      throw truncated(what, at: offset)
    }
  }

  func u32(at offset: Int, _ what: String) throws(TokenizerError) -> UInt32 {
    try require(4, at: offset, what)
    var v: UInt32 = 0
    for k in 0..<4 { v |= UInt32(bytes[offset + k]) << (8 * k) }
    return v
  }

  func u64(at offset: Int, _ what: String) throws(TokenizerError) -> UInt64 {
    try require(8, at: offset, what)
    var v: UInt64 = 0
    for k in 0..<8 { v |= UInt64(bytes[offset + k]) << (8 * k) }
    return v
  }

  /// A `u64` length that must fit in the bytes left after `offset + 8`, each item taking at
  /// least `unit` bytes.
  func length(at offset: Int, unit: Int, _ what: String) throws(TokenizerError) -> Int {
    let raw = try u64(at: offset, what)
    let left = UInt64(bytes.count - offset - 8)
    guard raw <= left / UInt64(max(unit, 1)) else {
      throw error("GGUF \(what) at byte \(offset) claims \(raw) \(unit == 1 ? "bytes" : "items"), more than the \(left) bytes left", at: offset)
    }
    return Int(raw)
  }

  /// The string at `offset` as a byte range; its end is `range.upperBound`.
  func stringRange(at offset: Int, _ what: String) throws(TokenizerError) -> Range<Int> {
    let n = try length(at: offset, unit: 1, what)
    return (offset + 8)..<(offset + 8 + n)
  }

  func string(at offset: Int, _ what: String) throws(TokenizerError) -> String {
    let r = try stringRange(at: offset, what)
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)
  }

  // MARK: Header and metadata

  /// Reads the header and the position of every metadata value.
  mutating func readMetadata() throws(TokenizerError) {
    guard bytes.count >= 4 else { throw truncated("the magic", at: 0) }
    guard bytes[0] == 0x47, bytes[1] == 0x47, bytes[2] == 0x55, bytes[3] == 0x46 else {
      let shown = (0..<4).map { b -> String in
        let c = bytes[b]
        return c >= 0x20 && c < 0x7F ? String(Character(Unicode.Scalar(c))) : "\\x" + String(c, radix: 16)
      }.joined()
      throw error("not a GGUF file: magic is '\(shown)', expected 'GGUF'", at: 0)
    }
    version = try u32(at: 4, "the version")
    guard version == 2 || version == 3 else {
      let hint = version > 0xFFFF ? " (a big-endian GGUF file?)" : version == 1 ? " (GGUF v1 is obsolete)" : ""
      throw error("unsupported GGUF version \(version)\(hint); supported: 2, 3", at: 4)
    }
    tensorCount = try u64(at: 8, "the tensor count")
    // Each pair takes at least 8 (key length) + 4 (type) + 1 bytes.
    let count = try length(at: 16, unit: 13, "metadata count")
    index = 24
    entries.reserveCapacity(count)
    for k in 0..<count {
      let keyRange = try stringRange(at: index, "the key of metadata pair \(k)")
      let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[keyRange]), as: UTF8.self)
      let typeOffset = keyRange.upperBound
      let rawType = try u32(at: typeOffset, "the type of '\(key)'")
      guard let type = ValueType(rawValue: rawType) else {
        throw error("GGUF metadata '\(key)' has unknown value type \(rawType) at byte \(typeOffset)", at: typeOffset)
      }
      let valueOffset = typeOffset + 4
      entries.append((key, Value(type: type, offset: valueOffset)))
      index = try skip(type, at: valueOffset, key: key, depth: 0)
    }
  }

  /// The offset just after a value of `type` at `offset`.
  func skip(_ type: ValueType, at offset: Int, key: String, depth: Int) throws(TokenizerError) -> Int {
    if let size = type.fixedSize {
      try require(size, at: offset, "'\(key)'")
      return offset + size
    }
    if type == .string {
      return try stringRange(at: offset, "'\(key)'").upperBound
    }
    guard depth < Self.maxArrayDepth else {
      throw error("GGUF metadata '\(key)' nests arrays deeper than \(Self.maxArrayDepth) at byte \(offset)", at: offset)
    }
    let rawType = try u32(at: offset, "the element type of '\(key)'")
    guard let element = ValueType(rawValue: rawType) else {
      throw error("GGUF array '\(key)' has unknown element type \(rawType) at byte \(offset)", at: offset)
    }
    let unit = element.fixedSize ?? (element == .string ? 8 : 12)
    let count = try length(at: offset + 4, unit: unit, "array '\(key)'")
    var position = offset + 12
    if let size = element.fixedSize {
      try require(count * size, at: position, "'\(key)'")
      return position + count * size
    }
    for _ in 0..<count {
      position = try skip(element, at: position, key: key, depth: depth + 1)
    }
    return position
  }

  // MARK: Typed access

  func value(_ key: String) -> Value? {
    entries.first { $0.key == key }?.value
  }

  /// A string value, or nil when absent. Throws when it has another type.
  func stringValue(_ key: String) throws(TokenizerError) -> String? {
    guard let v = value(key) else { return nil }
    guard v.type == .string else { throw wrongType(key, v, "a string") }
    return try string(at: v.offset, "'\(key)'")
  }

  /// An integer value of any integer type, or nil when absent.
  func integerValue(_ key: String) throws(TokenizerError) -> Int64? {
    guard let v = value(key) else { return nil }
    switch v.type {
    case .uint8: try require(1, at: v.offset, key); return Int64(bytes[v.offset])
    case .int8: try require(1, at: v.offset, key); return Int64(Int8(bitPattern: bytes[v.offset]))
    case .uint16, .int16:
      try require(2, at: v.offset, key)
      let raw = UInt16(bytes[v.offset]) | UInt16(bytes[v.offset + 1]) << 8
      return v.type == .uint16 ? Int64(raw) : Int64(Int16(bitPattern: raw))
    case .uint32: return Int64(try u32(at: v.offset, key))
    case .int32: return Int64(Int32(bitPattern: try u32(at: v.offset, key)))
    case .uint64:
      let raw = try u64(at: v.offset, key)
      return raw <= UInt64(Int64.max) ? Int64(raw) : -1
    case .int64: return Int64(bitPattern: try u64(at: v.offset, key))
    default: throw wrongType(key, v, "an integer")
    }
  }

  func boolValue(_ key: String) throws(TokenizerError) -> Bool? {
    guard let v = value(key) else { return nil }
    guard v.type == .bool else { throw wrongType(key, v, "a bool") }
    try require(1, at: v.offset, key)
    return bytes[v.offset] != 0
  }

  /// An array's element type, count and first element's offset.
  func array(_ key: String) throws(TokenizerError) -> (element: ValueType, count: Int, offset: Int)? {
    guard let v = value(key) else { return nil }
    guard v.type == .array else { throw wrongType(key, v, "an array") }
    let rawType = try u32(at: v.offset, "'\(key)'")
    guard let element = ValueType(rawValue: rawType) else {
      throw error("GGUF array '\(key)' has unknown element type \(rawType)", at: v.offset)
    }
    let unit = element.fixedSize ?? (element == .string ? 8 : 12)
    let count = try length(at: v.offset + 4, unit: unit, "array '\(key)'")
    return (element, count, v.offset + 12)
  }

  private func wrongType(_ key: String, _ v: Value, _ expected: String) -> TokenizerError {
    error("GGUF metadata '\(key)' at byte \(v.offset) is \(v.type), expected \(expected)", at: v.offset)
  }
}
