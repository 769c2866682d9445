extension JSONReader {
  /// Reads the number literal at `index` and checks it against the RFC 8259 grammar
  /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`; `index` ends after it.
  @inline(__always)
  mutating func readNumber() throws(JSONParseError) {
    var i = index
    @inline(__always) func isDigit(_ j: Int) -> Bool { j < end && bytes[j] &- 0x30 < 10 }
    if bytes[i] == UInt8(ascii: "-") { i += 1 }
    guard isDigit(i) else { throw error("invalid number: expected a digit after '-'", at: i) }
    if bytes[i] == UInt8(ascii: "0") {
      i += 1
      if isDigit(i) { throw error("invalid number: leading zeros are not allowed", at: i) }
    } else {
      i = Self.skipDigits(bytes, end, from: i &+ 1)
    }
    if i < end && bytes[i] == UInt8(ascii: ".") {
      i += 1
      guard isDigit(i) else { throw error("invalid number: expected a digit after '.'", at: i) }
      i = Self.skipDigits(bytes, end, from: i &+ 1)
    }
    if i < end && bytes[i] | 0x20 == UInt8(ascii: "e") {
      i += 1
      if i < end && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
      guard isDigit(i) else { throw error("invalid number: expected a digit in the exponent", at: i) }
      i = Self.skipDigits(bytes, end, from: i &+ 1)
    }
    index = i
  }

  /// Flags, in the high nibble of each byte lane, the bytes of `word` that are not ASCII
  /// digits: a digit has high nibble 3, and so has the digit plus 6.
  ///
  /// A carry between lanes only comes out of a non-digit lane (a byte of 0xFA or more),
  /// so the lowest flagged lane is exact.
  @inline(__always)
  static func nonDigitBytes(_ word: UInt64) -> UInt64 {
    let highNibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
    let threes: UInt64 = 0x3030_3030_3030_3030
    let sixes: UInt64 = 0x0606_0606_0606_0606
    return ((word & highNibbles) ^ threes) | (((word &+ sixes) & highNibbles) ^ threes)
  }

  /// The index of the first byte at or after `i` that is not an ASCII digit (or `end`),
  /// reading 8 bytes at a time.
  ///
  /// Static, with the buffer passed in, so that calling it from a mutating method does not
  /// copy the reader.
  @inline(__always)
  static func skipDigits(_ bytes: UnsafePointer<UInt8>, _ end: Int, from start: Int) -> Int {
    var i = start
    while i &+ 8 <= end {
      let word = UInt64(littleEndian: UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self))
      let other = nonDigitBytes(word)
      if other != 0 { return i &+ (other.trailingZeroBitCount &>> 3) }
      i &+= 8
    }
    while i < end && bytes[i] &- 0x30 < 10 { i &+= 1 }
    return i
  }
}
