/// A JSON number that keeps its exact decimal text.
///
/// Numbers are never rounded on the way in: ``text`` is the literal as written, and
/// comparison is exact decimal comparison, so `1`, `1.0` and `1e0` are equal and
/// `18446744073709551616` (2^64) survives intact. ``int64`` and ``double`` are fast
/// views for callers that want machine numbers.
///
/// Literals of up to 20 bytes (nearly every number in practice, including the 17
/// significant digits of a round-tripped `Double`) are stored inline, so parsing them
/// allocates nothing; ``withUTF8(_:)`` reads the text without creating a `String`.
///
/// ```swift
/// let a = JSONNumber(text: "1.0")!, b = JSONNumber(text: "1e0")!
/// a == b            // true
/// a.int64           // 1
/// ```
public struct JSONNumber: Sendable {
  /// The literal's bytes.
  @usableFromInline
  enum Storage: Sendable {
    /// Up to 20 bytes, little-endian, zero-padded (a literal never contains NUL).
    case inline(UInt64, UInt64, UInt32)
    /// A longer literal.
    case text(String)
  }

  @usableFromInline
  var storage: Storage

  /// The most bytes stored inline.
  static let inlineCapacity = 20

  /// The literal exactly as written (a valid RFC 8259 number).
  public var text: String {
    switch storage {
    case .text(let text): return text
    case .inline: return withUTF8 { String(validatedUTF8: $0, isASCII: true) }
    }
  }

  /// Calls `body` with the literal's UTF-8 bytes (valid only during the call).
  ///
  /// - Parameter body: receives the bytes of ``text``, without a `String` being created.
  /// - Returns: what `body` returns.
  public func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    switch storage {
    case .text(var text):
      return try text.withUTF8(body)
    case .inline(let a, let b, let c):
      var words = (a.littleEndian, b.littleEndian, c.littleEndian)
      let count = Self.inlineCount(a, b, c)
      return try withUnsafeBytes(of: &words) { raw in
        try body(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: count))
      }
    }
  }

  /// The number of bytes of an inline literal (zero padding starts at the first NUL).
  @inline(__always)
  static func inlineCount(_ a: UInt64, _ b: UInt64, _ c: UInt32) -> Int {
    if c != 0 { return 20 - c.leadingZeroBitCount / 8 }
    if b != 0 { return 16 - b.leadingZeroBitCount / 8 }
    return 8 - a.leadingZeroBitCount / 8
  }

  /// Creates a number from a JSON literal; nil when `text` is not a valid RFC 8259 number.
  public init?(text: String) {
    var t = text
    guard let storage = t.withUTF8({ JSONNumber.isValidLiteral($0) ? Self.storage(for: $0) : nil }) else {
      return nil
    }
    self.storage = storage
  }

  /// Creates a number from text already checked against the RFC 8259 number grammar.
  @usableFromInline
  init(validatedText: String) {
    var t = validatedText
    storage = t.withUTF8 { Self.storage(for: $0) }
  }

  /// Creates a number from a literal already checked by the parser.
  ///
  /// - Parameters:
  ///   - literal: the literal's bytes.
  ///   - readable: how many bytes from `literal`'s start may be read (at least its
  ///     count); with 20 or more the inline form is built from three word loads.
  @inline(__always)
  init(validatedLiteral literal: UnsafeBufferPointer<UInt8>, readable: Int) {
    let n = literal.count
    guard n <= Self.inlineCapacity, readable >= Self.inlineCapacity, let p = literal.baseAddress else {
      storage = Self.storage(for: literal)
      return
    }
    let raw = UnsafeRawPointer(p)
    var a = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
    var b = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    var c = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
    if n < 8 {
      a &= (1 &<< UInt64(n &* 8)) &- 1
      b = 0
      c = 0
    } else if n < 16 {
      b &= (1 &<< UInt64((n &- 8) &* 8)) &- 1
      c = 0
    } else if n < 20 {
      c &= (1 &<< UInt32((n &- 16) &* 8)) &- 1
    }
    storage = .inline(a, b, c)
  }

  /// The storage for a valid literal.
  static func storage(for literal: UnsafeBufferPointer<UInt8>) -> Storage {
    guard literal.count <= inlineCapacity else { return .text(String(validatedUTF8: literal, isASCII: true)) }
    var words: (UInt64, UInt64, UInt32) = (0, 0, 0)
    withUnsafeMutableBytes(of: &words) { raw in
      raw.copyMemory(from: UnsafeRawBufferPointer(literal))
    }
    return .inline(UInt64(littleEndian: words.0), UInt64(littleEndian: words.1), UInt32(littleEndian: words.2))
  }

  /// Creates an integer number.
  public init(_ value: Int) { self.init(validatedText: String(value)) }

  /// Creates an integer number.
  public init(_ value: Int64) { self.init(validatedText: String(value)) }

  /// Creates a number from a finite `Double` (shortest round-trip form); nil for NaN or
  /// infinity. `-0.0` gives `-0`.
  public init?(_ value: Double) {
    guard value.isFinite else { return nil }
    if value == 0 {
      self.init(validatedText: value.sign == .minus ? "-0" : "0")
    } else if value == value.rounded(), abs(value) < 1e15 {
      self.init(validatedText: String(Int64(value)))
    } else {
      // Swift's description is the shortest round-trip form, e.g. "1e-05" or "0.1".
      var s = value.description
      if s.hasSuffix(".0") { s.removeLast(2) }
      self.init(validatedText: s)
    }
  }

  /// The value as a `Double`: the nearest representable value, ±infinity for literals
  /// beyond its range, ±0 for tiny ones (`-0` gives `-0.0`).
  public var double: Double { Double(text) ?? .nan }

  /// The value as an `Int64` when it is an integer in range (so `"3.0"` and `"1e2"` give
  /// 3 and 100), else nil.
  public var int64: Int64? {
    // Fast path: a plain integer literal.
    let plain: Int64?? = withUTF8 { Self.plainInt64($0) }
    if let plain { return plain }
    let d = decimal
    guard d.exponent >= 0 else { return nil }
    if d.digits.isEmpty { return 0 }
    guard d.digits.count + d.exponent <= 19 else { return nil }
    var magnitude: UInt64 = 0
    for digit in d.digits {
      let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
      let (s, o2) = m.addingReportingOverflow(UInt64(digit))
      if o1 || o2 { return nil }
      magnitude = s
    }
    for _ in 0..<d.exponent {
      let (m, o) = magnitude.multipliedReportingOverflow(by: 10)
      if o { return nil }
      magnitude = m
    }
    return Self.signed(magnitude, negative: d.isNegative)
  }

  /// For a literal made only of an optional `-` and digits: its value when it fits in
  /// `Int64` (`.some(value)`) or `.some(nil)` when it does not; nil for other literals.
  private static func plainInt64(_ s: UnsafeBufferPointer<UInt8>) -> Int64?? {
    var i = 0
    let negative = !s.isEmpty && s[0] == UInt8(ascii: "-")
    if negative { i = 1 }
    var magnitude: UInt64 = 0
    var overflow = false
    while i < s.count {
      let digit = s[i] &- UInt8(ascii: "0")
      guard digit < 10 else { return nil }
      let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
      let (sum, o2) = m.addingReportingOverflow(UInt64(digit))
      overflow = overflow || o1 || o2
      magnitude = sum
      i += 1
    }
    if overflow { return .some(nil) }
    return .some(signed(magnitude, negative: negative))
  }

  private static func signed(_ magnitude: UInt64, negative: Bool) -> Int64? {
    if negative {
      if magnitude == UInt64(Int64.max) + 1 { return Int64.min }
      return magnitude <= UInt64(Int64.max) ? -Int64(magnitude) : nil
    }
    return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
  }

  /// Whether the value is mathematically an integer (`2.0` and `1e3` are; `1.5` is not).
  public var isInteger: Bool { decimal.exponent >= 0 }

  /// Whether the value is zero (`0`, `-0`, `0.0e5`).
  public var isZero: Bool { decimal.digits.isEmpty }

  /// Whether the value is below zero (`-0` is not).
  public var isNegative: Bool { decimal.isNegative }

  /// The normalised decimal form: value = (−1)^isNegative × digits × 10^exponent.
  public var decimal: Decimal { withUTF8 { Decimal(literal: $0) } }

  /// Checks the RFC 8259 number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
  static func isValidLiteral(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let n = s.count
    @inline(__always) func isDigit(_ i: Int) -> Bool {
      i < n && s[i] >= UInt8(ascii: "0") && s[i] <= UInt8(ascii: "9")
    }
    if i < n && s[i] == UInt8(ascii: "-") { i += 1 }
    guard isDigit(i) else { return false }
    if s[i] == UInt8(ascii: "0") {
      i += 1
    } else {
      while isDigit(i) { i += 1 }
    }
    if i < n && s[i] == UInt8(ascii: ".") {
      i += 1
      guard isDigit(i) else { return false }
      while isDigit(i) { i += 1 }
    }
    if i < n && (s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E")) {
      i += 1
      if i < n && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
      guard isDigit(i) else { return false }
      while isDigit(i) { i += 1 }
    }
    return i == n
  }
}
