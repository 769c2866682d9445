/// The decoded UTF-8 bytes of one string: either a slice of the input (no escapes) or the
/// reader's scratch buffer (valid until the next string is read).
struct JSONStringSpan {
  var start: UnsafePointer<UInt8>
  var count: Int
  /// Whether every byte is ASCII (lets the `String` skip a scan for its ASCII flag).
  var isASCII: Bool

  var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }
}

extension JSONReader {
  /// Flags, in the high bit of each byte lane, the bytes of `word` that end a plain run in
  /// a string: `"`, `\`, a control character (< 0x20) or a non-ASCII byte (>= 0x80).
  ///
  /// The lowest flagged lane is always exact (a borrow can only set lanes above a real
  /// match), so `trailingZeroBitCount / 8` is the offset of the first such byte.
  @inline(__always)
  static func specialBytes(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let quote = word ^ (ones &* 0x22)
    let backslash = word ^ (ones &* 0x5C)
    let isQuote = (quote &- ones) & ~quote
    let isBackslash = (backslash &- ones) & ~backslash
    let isControl = (word &- ones &* 0x20) & ~word
    return (isQuote | isBackslash | isControl | word) & highs
  }

  /// Where ``scanPlainRun(_:_:from:isASCII:)`` stopped.
  enum RunEnd: Equatable {
    case quote, backslash, control, endOfInput
    /// Invalid UTF-8 (the code of ``utf8SequenceEnd(_:_:_:)``).
    case invalidUTF8(Int)
  }

  /// Scans string bytes from `i` up to the first `"`, `\`, control character, invalid
  /// UTF-8 or the end of input; valid multi-byte sequences are stepped over (clearing
  /// `isASCII`), plain bytes are skipped 8 at a time.
  ///
  /// Static, with the buffer passed in: a non-mutating method called from the reader's
  /// mutating ones would copy the whole reader on each call.
  @inline(__always)
  static func scanPlainRun(_ bytes: UnsafePointer<UInt8>, _ end: Int, from i: inout Int, isASCII: inout Bool
  ) -> RunEnd
  {
    while true {
      while i &+ 8 <= end {
        let word = UInt64(littleEndian: UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self))
        let special = specialBytes(word)
        if special != 0 {
          i &+= special.trailingZeroBitCount &>> 3
          break
        }
        i &+= 8
      }
      guard i < end else { return .endOfInput }
      let b = bytes[i]
      if b == UInt8(ascii: "\"") { return .quote }
      if b >= 0x80 {
        isASCII = false
        let next = utf8SequenceEnd(bytes, end, i)
        if next < 0 { return .invalidUTF8(next) }
        i = next
      } else if b == UInt8(ascii: "\\") {
        return .backslash
      } else if b < 0x20 {
        return .control
      } else {
        i &+= 1  // an ordinary byte in the last, shorter-than-8 tail
      }
    }
  }

  /// Reads, in line, a string of at most 7 plain ASCII bytes (one load finds its closing
  /// quote) and moves past it; returns nil, having read nothing, for any other string.
  @inline(__always)
  mutating func readShortString() -> UnsafeBufferPointer<UInt8>? {
    let start = index &+ 1
    guard start &+ 8 <= end else { return nil }
    let word = UInt64(littleEndian: UnsafeRawPointer(bytes + start).loadUnaligned(as: UInt64.self))
    let special = Self.specialBytes(word)
    let length = special.trailingZeroBitCount &>> 3
    guard special != 0, bytes[start &+ length] == UInt8(ascii: "\"") else { return nil }
    index = start &+ length &+ 1
    return UnsafeBufferPointer(start: bytes + start, count: length)
  }

  /// Reads the string whose opening quote is at `index` and moves past its closing quote.
  ///
  /// Multi-byte UTF-8 sequences are validated where they start (no overlong forms, no
  /// encoded surrogates, nothing above U+10FFFF).
  @inline(__always)
  mutating func readString() throws(JSONParseError) -> JSONStringSpan {
    let start = index &+ 1
    var i = start
    var isASCII = true
    let stop = Self.scanPlainRun(bytes, end, from: &i, isASCII: &isASCII)
    if stop == .quote {
      index = i &+ 1
      return JSONStringSpan(start: bytes + start, count: i &- start, isASCII: isASCII)
    }
    return try readEscapedString(quote: start &- 1, stoppedAt: i, stop: stop, isASCII: isASCII)
  }

  /// Continues `readString` where a plain run stopped on something other than the closing
  /// quote: decodes escapes into `scratch`, or throws the error at `stoppedAt`.
  @inline(never)
  private mutating func readEscapedString(quote: Int, stoppedAt: Int, stop: RunEnd, isASCII: Bool)
    throws(JSONParseError) -> JSONStringSpan
  {
    var isASCII = isASCII
    var length = 0
    var i = stoppedAt
    var stop = stop
    appendScratch(bytes + quote + 1, i - quote - 1, length: &length)
    while true {
      switch stop {
      case .quote:
        index = i + 1
        return JSONStringSpan(start: scratch, count: length, isASCII: isASCII)
      case .backslash:
        i = try decodeEscape(at: i, length: &length, isASCII: &isASCII)
      case .control:
        throw controlCharacterError(at: i)
      case .endOfInput:
        throw error("unterminated string", at: quote)
      case .invalidUTF8(let problem):
        throw utf8Error(at: i, problem: problem)
      }
      let runStart = i
      stop = Self.scanPlainRun(bytes, end, from: &i, isASCII: &isASCII)
      appendScratch(bytes + runStart, i - runStart, length: &length)
    }
  }

  /// Appends `count` bytes to `scratch` at `length`, growing it as needed.
  @inline(__always)
  private mutating func appendScratch(_ source: UnsafePointer<UInt8>, _ count: Int, length: inout Int) {
    guard count > 0 else { return }
    if length + count > scratchCapacity { growScratch(to: length + count, keeping: length) }
    (scratch + length).update(from: source, count: count)
    length += count
  }

  @inline(never)
  private mutating func growScratch(to needed: Int, keeping length: Int) {
    var capacity = Swift.max(256, scratchCapacity * 2)
    while capacity < needed { capacity *= 2 }
    let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    if scratchCapacity > 0 {
      grown.initialize(from: scratch, count: length)
      scratch.deallocate()
    }
    scratch = grown
    scratchCapacity = capacity
  }

  /// Decodes the escape whose backslash is at `start`; returns the index after it.
  private mutating func decodeEscape(at start: Int, length: inout Int, isASCII: inout Bool)
    throws(JSONParseError) -> Int
  {
    var i = start + 1
    guard i < end else { throw error("unterminated escape", at: start) }
    let c = bytes[i]
    i += 1
    var decoded: UInt8
    switch c {
    case UInt8(ascii: "\""): decoded = 0x22
    case UInt8(ascii: "\\"): decoded = 0x5C
    case UInt8(ascii: "/"): decoded = 0x2F
    case UInt8(ascii: "b"): decoded = 0x08
    case UInt8(ascii: "f"): decoded = 0x0C
    case UInt8(ascii: "n"): decoded = 0x0A
    case UInt8(ascii: "r"): decoded = 0x0D
    case UInt8(ascii: "t"): decoded = 0x09
    case UInt8(ascii: "u"):
      var scalar = try readHex4(at: i, escapeStart: start)
      i += 4
      if (0xD800...0xDBFF).contains(scalar) {
        // A high surrogate must be followed by an escaped low surrogate.
        if i + 1 < end, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
          let low = try readHex4(at: i + 2, escapeStart: i)
          if (0xDC00...0xDFFF).contains(low) {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            i += 6
          } else {
            try loneSurrogate(at: start)
            scalar = 0xFFFD
          }
        } else {
          try loneSurrogate(at: start)
          scalar = 0xFFFD
        }
      } else if (0xDC00...0xDFFF).contains(scalar) {
        try loneSurrogate(at: start)
        scalar = 0xFFFD
      }
      if scalar >= 0x80 { isASCII = false }
      appendUTF8(scalar, length: &length)
      return i
    default:
      throw error("invalid escape '\\\(describeByte(at: i - 1).trimmingQuotes)'", at: start)
    }
    appendScratch(&decoded, 1, length: &length)
    return i
  }

  private func loneSurrogate(at offset: Int) throws(JSONParseError) {
    if options.loneSurrogates == .reject {
      throw error("lone surrogate in \\u escape", at: offset)
    }
  }

  private func readHex4(at start: Int, escapeStart: Int) throws(JSONParseError) -> UInt32 {
    var v: UInt32 = 0
    var i = start
    while i < start + 4 {
      guard i < end else { throw error("unterminated \\u escape", at: escapeStart) }
      let b = bytes[i]
      let d: UInt32
      switch b {
      case 0x30...0x39: d = UInt32(b - 0x30)
      case 0x41...0x46: d = UInt32(b - 0x41 + 10)
      case 0x61...0x66: d = UInt32(b - 0x61 + 10)
      default: throw error("invalid hex digit in \\u escape", at: i)
      }
      v = v << 4 | d
      i += 1
    }
    return v
  }

  private mutating func appendUTF8(_ scalar: UInt32, length: inout Int) {
    var encoded: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
    let count: Int
    switch scalar {
    case 0..<0x80:
      encoded.0 = UInt8(scalar)
      count = 1
    case 0x80..<0x800:
      encoded.0 = UInt8(0xC0 | (scalar >> 6))
      encoded.1 = UInt8(0x80 | (scalar & 0x3F))
      count = 2
    case 0x800..<0x10000:
      encoded.0 = UInt8(0xE0 | (scalar >> 12))
      encoded.1 = UInt8(0x80 | ((scalar >> 6) & 0x3F))
      encoded.2 = UInt8(0x80 | (scalar & 0x3F))
      count = 3
    default:
      encoded.0 = UInt8(0xF0 | (scalar >> 18))
      encoded.1 = UInt8(0x80 | ((scalar >> 12) & 0x3F))
      encoded.2 = UInt8(0x80 | ((scalar >> 6) & 0x3F))
      encoded.3 = UInt8(0x80 | (scalar & 0x3F))
      count = 4
    }
    withUnsafeBytes(of: &encoded) { raw in
      appendScratch(raw.bindMemory(to: UInt8.self).baseAddress.unsafelyUnwrapped, count, length: &length)
    }
  }

  /// The index after the valid UTF-8 sequence at `i`, or a negative problem code.
  ///
  /// Static, with the buffer passed in, so that calling it from a mutating method does not
  /// copy the reader.
  @inline(__always)
  static func utf8SequenceEnd(_ bytes: UnsafePointer<UInt8>, _ end: Int, _ i: Int) -> Int {
    let b0 = bytes[i]
    @inline(__always) func isContinuation(_ j: Int) -> Bool { j < end && bytes[j] & 0xC0 == 0x80 }
    if b0 &- 0xC2 <= 0xDF - 0xC2 {
      return isContinuation(i &+ 1) ? i &+ 2 : -1
    }
    if b0 &- 0xE0 <= 0xEF - 0xE0 {
      guard isContinuation(i &+ 1), isContinuation(i &+ 2) else { return -1 }
      let b1 = bytes[i &+ 1]
      if b0 == 0xE0 && b1 < 0xA0 { return -2 }
      if b0 == 0xED && b1 >= 0xA0 { return -3 }
      return i &+ 3
    }
    if b0 &- 0xF0 <= 0xF4 - 0xF0 {
      guard isContinuation(i &+ 1), isContinuation(i &+ 2), isContinuation(i &+ 3) else { return -1 }
      let b1 = bytes[i &+ 1]
      if b0 == 0xF0 && b1 < 0x90 { return -2 }
      if b0 == 0xF4 && b1 >= 0x90 { return -4 }
      return i &+ 4
    }
    return -5
  }

  @inline(never)
  func utf8Error(at i: Int, problem: Int) -> JSONParseError {
    switch problem {
    case -1: return error("invalid UTF-8 sequence", at: i)
    case -2: return error("invalid UTF-8: overlong encoding", at: i)
    case -3: return error("invalid UTF-8: encoded surrogate", at: i)
    case -4: return error("invalid UTF-8: code point above U+10FFFF", at: i)
    default: return error("invalid UTF-8 byte \(Self.hex(bytes[i]))", at: i)
    }
  }

  @inline(never)
  private func controlCharacterError(at i: Int) -> JSONParseError {
    let hex = String(bytes[i], radix: 16, uppercase: true)
    return error("control character U+00\(hex.count == 1 ? "0" + hex : hex) must be escaped in a string", at: i)
  }
}

extension String {
  fileprivate var trimmingQuotes: String {
    hasPrefix("'") && hasSuffix("'") && count >= 2 ? String(dropFirst().dropLast()) : self
  }
}
