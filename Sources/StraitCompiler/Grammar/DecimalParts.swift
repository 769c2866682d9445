import StraitJSON

/// An exact decimal split the way number literals are compared digit by digit.
///
/// `|value| = intDigits . fracDigits` with no leading zero in `intDigits` (empty when
/// `|value| < 1`) and no trailing zero in `fracDigits`. `leadExponent` is the exponent of
/// the normalised scientific form (`|value| = d.ddd × 10^leadExponent`) and `significand`
/// its digits.
struct DecimalParts: Hashable {
  var isNegative: Bool
  var intDigits: [UInt8]
  var fracDigits: [UInt8]
  var significand: [UInt8]
  var leadExponent: Int

  /// The most digits a bound may have on either side of the point (bounds beyond it are
  /// rejected as unsupported instead of building enormous terms).
  static let maxDigits = 2_000

  var isZero: Bool { significand.isEmpty }

  /// Splits `decimal`; nil when the value needs more than ``maxDigits`` digits.
  init?(_ decimal: JSONNumber.Decimal) {
    isNegative = decimal.isNegative
    significand = decimal.digits
    if decimal.digits.isEmpty {
      intDigits = []
      fracDigits = []
      leadExponent = 0
      return
    }
    let n = decimal.digits.count
    let e = decimal.exponent
    guard abs(e) <= Self.maxDigits, n <= Self.maxDigits else { return nil }
    leadExponent = n - 1 + e
    if e >= 0 {
      intDigits = decimal.digits + [UInt8](repeating: 0, count: e)
      fracDigits = []
    } else if n > -e {
      intDigits = Array(decimal.digits[0..<(n + e)])
      fracDigits = Array(decimal.digits[(n + e)...])
    } else {
      intDigits = []
      fracDigits = [UInt8](repeating: 0, count: -e - n) + decimal.digits
    }
  }

  /// The spelling in the canonical number grammar without trailing fraction zeros
  /// (`-12.5`, `0`, `-0.25`).
  var plainText: [UInt8] {
    var out: [UInt8] = isNegative ? [UInt8(ascii: "-")] : []
    out += intDigits.isEmpty ? [UInt8(ascii: "0")] : intDigits.map { $0 + 0x30 }
    if !fracDigits.isEmpty { out += [UInt8(ascii: ".")] + fracDigits.map { $0 + 0x30 } }
    return out
  }

  /// The absolute value.
  var magnitude: DecimalParts {
    var m = self
    m.isNegative = false
    return m
  }
}
