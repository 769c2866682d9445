extension JSONNumber {
  /// An exact decimal: sign, significant digits without leading or trailing zeros, and a
  /// power-of-ten exponent. Zero has no digits, exponent 0 and is never negative.
  public struct Decimal: Hashable, Sendable {
    /// Whether the value is below zero.
    public var isNegative: Bool
    /// Significant digits, most significant first, each 0...9; empty for zero.
    public var digits: [UInt8]
    /// Power of ten applied to `digits` read as an integer.
    public var exponent: Int

    /// Exponents written in a literal saturate at ±2^60: a literal such as
    /// `1e99999999999999999999` compares by its saturated exponent. Every exponent a
    /// `Double` or a decimal library can represent is far inside this bound.
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
    init(literal: UnsafeBufferPointer<UInt8>) {
      var negative = false
      var digits: [UInt8] = []
      digits.reserveCapacity(literal.count)
      var fractionCount = 0
      var inFraction = false
      var i = 0
      let n = literal.count
      if i < n && literal[i] == UInt8(ascii: "-") {
        negative = true
        i += 1
      }
      while i < n {
        let c = literal[i]
        if c == UInt8(ascii: ".") {
          inFraction = true
        } else if c &- UInt8(ascii: "0") < 10 {
          digits.append(c &- UInt8(ascii: "0"))
          if inFraction { fractionCount += 1 }
        } else {
          break  // 'e' or 'E'
        }
        i += 1
      }
      var exponent = 0
      if i < n {
        i += 1  // 'e' or 'E'
        var expNegative = false
        if i < n && (literal[i] == UInt8(ascii: "-") || literal[i] == UInt8(ascii: "+")) {
          expNegative = literal[i] == UInt8(ascii: "-")
          i += 1
        }
        while i < n {
          let d = Int(literal[i] &- UInt8(ascii: "0"))
          // Saturate instead of overflowing on absurd exponents.
          exponent = exponent <= (Decimal.exponentLimit - 9) / 10 ? exponent * 10 + d : Decimal.exponentLimit
          i += 1
        }
        if expNegative { exponent = -exponent }
      }
      self.init(isNegative: negative, digits: digits, exponent: exponent - fractionCount)
    }

    /// The decimal position of the most significant digit (for magnitude comparison).
    var magnitudeOrder: Int { digits.count + exponent }

    /// Compares absolute values: -1, 0 or 1.
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
}

extension JSONNumber: Comparable, Hashable, CustomStringConvertible {
  /// Exact decimal equality: `1 == 1.0 == 1e0`, `0 == -0`.
  public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
    if case .inline(let a0, let b0, let c0) = lhs.storage, case .inline(let a1, let b1, let c1) = rhs.storage,
      a0 == a1, b0 == b1, c0 == c1
    {
      return true
    }
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

  /// Hashes the exact decimal value, so equal numbers hash equally.
  public func hash(into hasher: inout Hasher) { hasher.combine(decimal) }

  /// The literal, as ``text``.
  public var description: String { text }
}
