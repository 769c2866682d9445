/// How 16-bit logits stored as `UInt16` are to be read.
public enum HalfPrecisionFormat: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  /// IEEE 754 binary16 (`Float16`): 1 sign, 5 exponent, 10 fraction bits.
  case float16
  /// bfloat16: the top 16 bits of a `Float` (1 sign, 8 exponent, 7 fraction bits).
  case bfloat16

  /// The bit pattern of negative infinity: `0xFC00` (float16), `0xFF80` (bfloat16).
  @inlinable
  public var negativeInfinityBits: UInt16 {
    switch self {
    case .float16: return 0xFC00
    case .bfloat16: return 0xFF80
    }
  }

  /// The magnitude bits of +infinity; a larger magnitude is a NaN.
  @inlinable
  public var infinityMagnitudeBits: UInt16 {
    switch self {
    case .float16: return 0x7C00
    case .bfloat16: return 0x7F80
    }
  }

  /// The value of a bit pattern of this format, widened exactly to `Float`.
  ///
  /// - Complexity: O(1).
  public func floatValue(ofBits bits: UInt16) -> Float {
    switch self {
    case .float16:
      #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
        return Float(Float16(bitPattern: bits))
      #else
        return Self.widenFloat16(bits)
      #endif
    case .bfloat16:
      return Float(bitPattern: UInt32(bits) << 16)
    }
  }

  public var description: String {
    switch self {
    case .float16: return "float16"
    case .bfloat16: return "bfloat16"
    }
  }

  #if (os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64)
    /// binary16 → binary32 without the `Float16` type (unavailable on Intel macOS).
    static func widenFloat16(_ bits: UInt16) -> Float {
      let sign: Float = bits & 0x8000 != 0 ? -1 : 1
      let exponent = Int((bits >> 10) & 0x1F)
      let fraction = Float(bits & 0x3FF)
      if exponent == 0x1F { return fraction == 0 ? sign * .infinity : .nan }
      if exponent == 0 { return sign * fraction * 0x1p-24 }
      return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
    }
  #endif
}
