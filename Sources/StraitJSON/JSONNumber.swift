/// A JSON number that keeps its exact decimal text.
///
/// Numbers are never rounded on the way in: `text` is the literal as written, and
/// comparison is exact decimal comparison, so `1`, `1.0` and `1e0` are equal and
/// `18446744073709551616` (2^64) survives intact. ``int64`` and ``double`` are fast
/// views for callers that want machine numbers.
///
/// ```swift
/// let a = JSONNumber(text: "1.0")!, b = JSONNumber(text: "1e0")!
/// a == b            // true
/// a.int64           // 1
/// ```
public struct JSONNumber: Sendable {
  /// The literal exactly as written (a valid RFC 8259 number).
  public let text: String

  /// Creates a number from a JSON literal; nil when `text` is not a valid RFC 8259 number.
  public init?(text: String) {
    var t = text
    let ok = t.withUTF8 { JSONNumber.isValidLiteral($0) }
    guard ok else { return nil }
    self.text = text
  }

  /// Creates a number from text already checked by the parser.
  @usableFromInline
  init(validatedText: String) { self.text = validatedText }

  /// Creates an integer number.
  public init(_ value: Int) { self.text = String(value) }

  /// Creates an integer number.
  public init(_ value: Int64) { self.text = String(value) }

  /// Creates a number from a finite `Double` (shortest round-trip form); nil for NaN or infinity.
  public init?(_ value: Double) {
    guard value.isFinite else { return nil }
    if value == value.rounded(), abs(value) < 1e15 {
      self.text = String(Int64(value))
    } else {
      // Swift's description is the shortest round-trip form, e.g. "1e-05" or "0.1".
      var s = value.description
      if s.hasSuffix(".0") { s.removeLast(2) }
      self.text = s
    }
  }

  /// The value as a `Double` (nearest representable; may be ±infinity for huge literals).
  public var double: Double { Double(text) ?? .nan }

  /// The value as an `Int64` when it is an integer in range (so `"3.0"` gives 3), else nil.
  public var int64: Int64? {
    // Fast path: a plain integer literal.
    if let v = Int64(text) { return v }
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
    if d.isNegative {
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
  public var decimal: Decimal { Decimal(literal: text) }

  /// An exact decimal: sign, significant digits without leading or trailing zeros, and a
  /// power-of-ten exponent. Zero has no digits, exponent 0 and is never negative.
  public struct Decimal: Hashable, Sendable {
    /// Whether the value is below zero.
    public var isNegative: Bool
    /// Significant digits, most significant first, each 0...9; empty for zero.
    public var digits: [UInt8]
    /// Power of ten applied to `digits` read as an integer.
    public var exponent: Int

    /// Exponent magnitudes are clamped here; larger literals (e.g. `1e99999999999999999999`)
    /// compare by their clamped exponent, which keeps order for all practical inputs.
    static let exponentLimit = 1 << 60

    /// Creates a decimal from its parts, normalising them.
    public init(isNegative: Bool, digits: [UInt8], exponent: Int) {
      var digits = digits
      var exponent = exponent
      let firstNonZero = digits.firstIndex(where: { $0 != 0 }) ?? digits.endIndex
      digits.removeFirst(firstNonZero)
      while let last = digits.last, last == 0 {
        digits.removeLast()
        exponent += 1
      }
      self.isNegative = digits.isEmpty ? false : isNegative
      self.digits = digits
      self.exponent = digits.isEmpty ? 0 : exponent
    }

    /// Parses a valid JSON number literal.
    init(literal: String) {
      var negative = false
      var digits: [UInt8] = []
      var fractionCount = 0
      var exponent = 0
      var inFraction = false
      var iterator = literal.utf8.makeIterator()
      var pending = iterator.next()
      if pending == UInt8(ascii: "-") {
        negative = true
        pending = iterator.next()
      }
      while let c = pending {
        if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
          digits.append(c &- UInt8(ascii: "0"))
          if inFraction { fractionCount += 1 }
        } else if c == UInt8(ascii: ".") {
          inFraction = true
        } else {
          break  // 'e' or 'E'
        }
        pending = iterator.next()
      }
      if pending != nil {
        var expNegative = false
        var c = iterator.next()
        if c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
          expNegative = c == UInt8(ascii: "-")
          c = iterator.next()
        }
        while let d = c {
          if exponent < Decimal.exponentLimit {
            exponent = exponent * 10 + Int(d &- UInt8(ascii: "0"))
          }
          c = iterator.next()
        }
        if expNegative { exponent = -exponent }
      }
      self.init(isNegative: negative, digits: digits, exponent: exponent - fractionCount)
    }

    /// The decimal position of the most significant digit (for magnitude comparison).
    var magnitudeOrder: Int { digits.count + exponent }

    /// Compares absolute values.
    static func compareMagnitude(_ a: Decimal, _ b: Decimal) -> Int {
      if a.digits.isEmpty || b.digits.isEmpty {
        return (a.digits.isEmpty ? 0 : 1) - (b.digits.isEmpty ? 0 : 1)
      }
      if a.magnitudeOrder != b.magnitudeOrder { return a.magnitudeOrder < b.magnitudeOrder ? -1 : 1 }
      let n = max(a.digits.count, b.digits.count)
      for i in 0..<n {
        let x = i < a.digits.count ? a.digits[i] : 0
        let y = i < b.digits.count ? b.digits[i] : 0
        if x != y { return x < y ? -1 : 1 }
      }
      return 0
    }
  }

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

extension JSONNumber: Comparable, Hashable, CustomStringConvertible {
  /// Exact decimal equality: `1 == 1.0 == 1e0`, `0 == -0`.
  public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
    if lhs.text == rhs.text { return true }
    return lhs.decimal == rhs.decimal
  }

  /// Exact decimal order.
  public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
    let a = lhs.decimal
    let b = rhs.decimal
    if a.isNegative != b.isNegative { return a.isNegative }
    let c = Decimal.compareMagnitude(a, b)
    return a.isNegative ? c > 0 : c < 0
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(decimal) }

  public var description: String { text }
}
