/// Strict UTF-8 validation (RFC 3629) that reports where the first bad sequence starts.
enum UTF8Validation {
  /// The byte offset of the first ill-formed sequence, or nil when `bytes` is valid UTF-8.
  ///
  /// Rejects overlong forms, surrogates (U+D800–U+DFFF), code points above U+10FFFF,
  /// stray continuation bytes and truncated sequences.
  ///
  /// - Complexity: O(n).
  static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var i = 0
    let n = bytes.count
    while i < n {
      let b0 = bytes[i]
      if b0 < 0x80 {
        i += 1
        continue
      }
      let length: Int
      // Allowed range of the second byte, which rules out overlongs and surrogates.
      var low: UInt8 = 0x80
      var high: UInt8 = 0xBF
      switch b0 {
      case 0xC2...0xDF: length = 2
      case 0xE0: length = 3; low = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED: length = 3; high = 0x9F
      case 0xF0: length = 4; low = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4: length = 4; high = 0x8F
      default: return i
      }
      guard i + length <= n else { return i }
      let b1 = bytes[i + 1]
      guard b1 >= low, b1 <= high else { return i }
      for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
      i += length
    }
    return nil
  }

  /// The string of `length` bytes at `pointer`, or the offset of the first bad byte.
  static func string(_ pointer: UnsafePointer<CChar>, length: Int) -> Result<String, Offset> {
    let bytes = UnsafeBufferPointer(
      start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: length)
    if let bad = firstInvalidOffset(bytes) { return .failure(Offset(value: bad)) }
    return .success(String(decoding: bytes, as: UTF8.self))
  }

  /// A byte offset, as an error payload.
  struct Offset: Error { var value: Int }
}
