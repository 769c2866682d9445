import StraitJSON

/// Exact numeric checks on JSON numbers: comparison, integrality and `multipleOf`,
/// with machine-integer fast paths and decimal arithmetic otherwise (never floating
/// point, so `0.3` is a multiple of `0.1` and `1e308` one of `0.5`).
enum NumberMath {
  /// Whether a number literal is integral, without allocating for plain integer literals.
  static func isIntegral(_ n: JSONNumber) -> Bool {
    let plain = n.withUTF8 { bytes in
      !bytes.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }
    return plain || n.isInteger
  }

  /// The value of a plain integer literal (`-?[0-9]+`) that fits in `Int64`, else nil;
  /// read from the literal's bytes without creating a `String`.
  @inline(__always)
  static func plainInt64(_ n: JSONNumber) -> Int64? {
    n.withUTF8 { bytes in
      guard !bytes.isEmpty else { return nil }
      let negative = bytes[0] == UInt8(ascii: "-")
      var i = negative ? 1 : 0
      // 18 digits always fit; longer literals take the exact decimal path.
      guard i < bytes.count, bytes.count - i <= 18 else { return nil }
      var value: Int64 = 0
      while i < bytes.count {
        let digit = bytes[i] &- UInt8(ascii: "0")
        guard digit < 10 else { return nil }
        value = value &* 10 &+ Int64(digit)
        i += 1
      }
      return negative ? -value : value
    }
  }

  /// Whether `value` has one of the types in `set` (`integer` matches integral numbers).
  static func typeMatches(_ set: TypeSet, _ value: JSONValue) -> Bool {
    switch value {
    case .null: return set.contains(.null)
    case .bool: return set.contains(.boolean)
    case .string: return set.contains(.string)
    case .array: return set.contains(.array)
    case .object: return set.contains(.object)
    case .number(let n):
      if set.contains(.number) { return true }
      guard set.contains(.integer) && isIntegral(n) else { return false }
      return !set.contains(.integerLiteralOnly) || !n.withUTF8 { $0.contains(UInt8(ascii: ".")) }
    }
  }

  /// Compares a number to a bound: -1, 0 or 1.
  static func compare(_ n: JSONNumber, _ bound: NumericBound) -> Int {
    if let b = bound.int, let v = plainInt64(n) { return v < b ? -1 : (v > b ? 1 : 0) }
    return compare(n.decimal, bound.decimal)
  }

  /// Exact comparison of two decimals: -1, 0 or 1.
  static func compare(_ a: JSONNumber.Decimal, _ b: JSONNumber.Decimal) -> Int {
    if a.isNegative != b.isNegative { return a.isNegative ? -1 : 1 }
    let m = compareMagnitude(a, b)
    return a.isNegative ? -m : m
  }

  static func compareMagnitude(_ a: JSONNumber.Decimal, _ b: JSONNumber.Decimal) -> Int {
    if a.digits.isEmpty || b.digits.isEmpty {
      return (a.digits.isEmpty ? 0 : 1) - (b.digits.isEmpty ? 0 : 1)
    }
    let oa = a.digits.count + a.exponent
    let ob = b.digits.count + b.exponent
    if oa != ob { return oa < ob ? -1 : 1 }
    for i in 0..<max(a.digits.count, b.digits.count) {
      let x = i < a.digits.count ? a.digits[i] : 0
      let y = i < b.digits.count ? b.digits[i] : 0
      if x != y { return x < y ? -1 : 1 }
    }
    return 0
  }

  /// Whether `n / divisor` is an integer, exactly.
  static func isMultiple(_ n: JSONNumber, of divisor: NumericBound) -> Bool {
    if let d = divisor.int, d != 0, let v = plainInt64(n) {
      return v.remainderReportingOverflow(dividingBy: d).partialValue == 0
    }
    let x = n.decimal
    if x.digits.isEmpty { return true }
    let m = divisor.decimal
    // x = X·10^e1, m = M·10^e2 (X, M without trailing zeros): x/m is an integer iff
    // M divides X·10^(e1-e2). With e1 < e2, X·10^(e1-e2) is not an integer because X
    // does not end in 0.
    let k = x.exponent - m.exponent
    if k < 0 { return false }
    if m.digits.count <= 18 {
      var mod: UInt64 = 0
      for d in m.digits { mod = mod * 10 + UInt64(d) }
      var r: UInt64 = 0
      for d in x.digits { r = (r * 10 + UInt64(d)) % mod }
      return mulMod(r, powMod(10, UInt64(k), mod), mod) == 0
    }
    return BigRemainder.isDivisible(x.digits, trailingZeros: k, by: m.digits)
  }

  static func mulMod(_ a: UInt64, _ b: UInt64, _ m: UInt64) -> UInt64 {
    let (high, low) = a.multipliedFullWidth(by: b)
    return m.dividingFullWidth((high % m, low)).remainder
  }

  static func powMod(_ base: UInt64, _ exponent: UInt64, _ m: UInt64) -> UInt64 {
    if m == 1 { return 0 }
    var result: UInt64 = 1
    var b = base % m
    var e = exponent
    while e > 0 {
      if e & 1 == 1 { result = mulMod(result, b, m) }
      b = mulMod(b, b, m)
      e >>= 1
    }
    return result
  }
}

/// Remainders by divisors of more than 18 significant digits, on decimal digit arrays.
enum BigRemainder {
  /// Whether `digits·10^trailingZeros` is divisible by `divisor` (both most significant first).
  ///
  /// - Complexity: O((digits + trailingZeros) × divisor digits); `trailingZeros` is
  ///   capped at 4 × divisor digits (see below).
  static func isDivisible(_ digits: [UInt8], trailingZeros: Int, by divisor: [UInt8]) -> Bool {
    var r: [UInt8] = []
    func step(_ d: UInt8) {
      // r = r*10 + d, then subtract the divisor while r >= divisor.
      r.append(d)
      while let first = r.first, first == 0, r.count > 1 { r.removeFirst() }
      while compare(r, divisor) >= 0 { subtract(&r, divisor) }
    }
    for d in digits { step(d) }
    // With M = 2^a·5^b·M' (M' coprime to 10), M divides X·10^k for some k iff it does for
    // k = max(a, b) < 4·len(M); more zeros never change the answer after that.
    var k = min(trailingZeros, 4 * divisor.count + 4)
    while k > 0 {
      if r.allSatisfy({ $0 == 0 }) { return true }
      step(0)
      k -= 1
    }
    return r.allSatisfy { $0 == 0 }
  }

  static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
    let a1 = a.drop(while: { $0 == 0 })
    let b1 = b.drop(while: { $0 == 0 })
    if a1.count != b1.count { return a1.count < b1.count ? -1 : 1 }
    for (x, y) in zip(a1, b1) where x != y { return x < y ? -1 : 1 }
    return 0
  }

  static func subtract(_ a: inout [UInt8], _ b: [UInt8]) {
    var borrow = 0
    var i = a.count - 1
    var j = b.count - 1
    while i >= 0 {
      var v = Int(a[i]) - borrow - (j >= 0 ? Int(b[j]) : 0)
      borrow = 0
      if v < 0 {
        v += 10
        borrow = 1
      }
      a[i] = UInt8(v)
      i -= 1
      j -= 1
    }
    while let first = a.first, first == 0, a.count > 1 { a.removeFirst() }
  }
}
