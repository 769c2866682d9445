extension JSONReader {
  /// Reads the number literal at `index` and checks it against the RFC 8259 grammar
  /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
  ///
  /// - Returns: the literal's bytes (a slice of the input).
  @inline(__always)
  mutating func readNumber() throws(JSONParseError) -> UnsafeBufferPointer<UInt8> {
    let start = index
    var i = index
    @inline(__always) func isDigit(_ j: Int) -> Bool { j < end && bytes[j] &- 0x30 < 10 }
    if bytes[i] == UInt8(ascii: "-") { i += 1 }
    guard isDigit(i) else { throw error("invalid number: expected a digit after '-'", at: i) }
    if bytes[i] == UInt8(ascii: "0") {
      i += 1
      if isDigit(i) { throw error("invalid number: leading zeros are not allowed", at: i) }
    } else {
      i += 1
      while isDigit(i) { i += 1 }
    }
    if i < end && bytes[i] == UInt8(ascii: ".") {
      i += 1
      guard isDigit(i) else { throw error("invalid number: expected a digit after '.'", at: i) }
      i += 1
      while isDigit(i) { i += 1 }
    }
    if i < end && bytes[i] | 0x20 == UInt8(ascii: "e") {
      i += 1
      if i < end && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
      guard isDigit(i) else { throw error("invalid number: expected a digit in the exponent", at: i) }
      i += 1
      while isDigit(i) { i += 1 }
    }
    index = i
    return UnsafeBufferPointer(start: bytes + start, count: i - start)
  }
}
