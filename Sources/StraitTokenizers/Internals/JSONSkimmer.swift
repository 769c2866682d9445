/// A strict forward JSON scanner for large tokenizer files.
///
/// `StraitJSON` builds a tree of values, which for a 7–17 MB `tokenizer.json` (a 128k-entry
/// vocabulary and hundreds of thousands of merges) costs more than the whole load budget. The
/// skimmer instead walks the text once: it skips the parts the loader does not need (merges)
/// after checking their JSON structure, hands back byte ranges of small sections to parse with
/// `StraitJSON`, and lets the loader read the vocabulary's strings and integers in place.
///
/// Every read is bounds-checked; errors name the byte offset. Nesting is tracked on an
/// explicit stack bounded by ``maxDepth`` (no recursion). Strings are checked for control
/// characters, valid escapes and valid UTF-8.
struct JSONSkimmer {
  let buffer: UnsafeBufferPointer<UInt8>
  let path: String
  var index: Int
  var maxDepth = 512

  init(_ buffer: UnsafeBufferPointer<UInt8>, path: String, at index: Int = 0) {
    self.buffer = buffer
    self.path = path
    self.index = index
  }

  // MARK: Errors

  func error(_ message: String, at offset: Int? = nil) -> TokenizerError {
    let at = offset ?? index
    return TokenizerError(path: path, message: "invalid JSON at byte \(at): \(message)", offset: at)
  }

  func describe(at i: Int) -> String {
    guard i < buffer.count else { return "end of input" }
    let b = buffer[i]
    if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
    return "byte 0x" + String(b, radix: 16, uppercase: true)
  }

  // MARK: Structure

  @inline(__always)
  mutating func skipWhitespace() {
    while index < buffer.count {
      let b = buffer[index]
      guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
      index += 1
    }
  }

  /// The next non-whitespace byte, not consumed (nil at the end).
  @inline(__always)
  mutating func peek() -> UInt8? {
    skipWhitespace()
    return index < buffer.count ? buffer[index] : nil
  }

  @inline(__always)
  mutating func expect(_ byte: UInt8, _ what: String) throws(TokenizerError) {
    skipWhitespace()
    guard index < buffer.count, buffer[index] == byte else {
      throw error("expected \(what), found \(describe(at: index))")
    }
    index += 1
  }

  /// Consumes `byte` if it is next.
  @inline(__always)
  mutating func consume(_ byte: UInt8) -> Bool {
    skipWhitespace()
    if index < buffer.count, buffer[index] == byte {
      index += 1
      return true
    }
    return false
  }

  /// After a member or element: true on `,` (another follows), false on `close`.
  @inline(__always)
  mutating func commaOr(_ close: UInt8) throws(TokenizerError) -> Bool {
    skipWhitespace()
    guard index < buffer.count else { throw error("unexpected end of input") }
    let b = buffer[index]
    index += 1
    if b == 0x2C { return true }
    if b == close { return false }
    throw error("expected ',' or '\(Character(Unicode.Scalar(close)))', found \(describe(at: index - 1))", at: index - 1)
  }

  /// Fails unless only whitespace is left.
  mutating func expectEnd() throws(TokenizerError) {
    skipWhitespace()
    if index < buffer.count { throw error("unexpected \(describe(at: index)) after the top-level value") }
  }

  // MARK: Strings

  /// A scanned string: the raw bytes between the quotes.
  struct RawString {
    var start: Int
    var end: Int
    /// Whether it contains a backslash escape (else the raw bytes are the value).
    var escaped: Bool
  }

  /// Scans a string at the current position (after whitespace), validating it.
  @inline(__always)
  mutating func scanString() throws(TokenizerError) -> RawString {
    skipWhitespace()
    guard index < buffer.count, buffer[index] == 0x22 else {
      throw error("expected a string, found \(describe(at: index))")
    }
    index += 1
    let start = index
    var escaped = false
    let n = buffer.count
    while index < n {
      let b = buffer[index]
      if b == 0x22 {
        let s = RawString(start: start, end: index, escaped: escaped)
        index += 1
        return s
      }
      if b == 0x5C {
        escaped = true
        try skipEscape()
      } else if b < 0x20 {
        throw error("control character 0x\(String(b, radix: 16)) inside a string")
      } else if b < 0x80 {
        index += 1
      } else {
        try skipUTF8Sequence()
      }
    }
    throw error("unterminated string starting at byte \(start - 1)", at: start - 1)
  }

  @inline(__always)
  private mutating func skipEscape() throws(TokenizerError) {
    guard index + 1 < buffer.count else { throw error("unterminated escape") }
    switch buffer[index + 1] {
    case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
      index += 2
    case 0x75:  // \uXXXX
      guard index + 5 < buffer.count else { throw error("truncated \\u escape") }
      for k in 2...5 where TokenTextDecoder.hexValue(buffer[index + k]) == nil {
        throw error("invalid \\u escape", at: index)
      }
      index += 6
    default:
      throw error("invalid escape \\\(describe(at: index + 1))")
    }
  }

  /// Validates one multi-byte UTF-8 sequence at `index` (RFC 3629: no overlongs, no surrogates).
  @inline(__always)
  private mutating func skipUTF8Sequence() throws(TokenizerError) {
    let b0 = buffer[index]
    let n = buffer.count
    var length: Int
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
    default: throw error("invalid UTF-8 byte 0x\(String(b0, radix: 16, uppercase: true))")
    }
    guard index + length <= n else { throw error("truncated UTF-8 sequence") }
    let b1 = buffer[index + 1]
    guard b1 >= low, b1 <= high else { throw error("invalid UTF-8 sequence", at: index) }
    if length > 2 {
      for k in 2..<length where buffer[index + k] & 0xC0 != 0x80 {
        throw error("invalid UTF-8 sequence", at: index)
      }
    }
    index += length
  }

  /// Appends the decoded (unescaped) UTF-8 bytes of a scanned string to `out`.
  func decode(_ s: RawString, into out: inout [UInt8]) throws(TokenizerError) {
    guard s.escaped else {
      out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[s.start..<s.end]))
      return
    }
    var i = s.start
    while i < s.end {
      let b = buffer[i]
      guard b == 0x5C else {
        out.append(b)
        i += 1
        continue
      }
      let e = buffer[i + 1]  // scanString checked the escape is complete
      i += 2
      switch e {
      case 0x62: out.append(0x08)
      case 0x66: out.append(0x0C)
      case 0x6E: out.append(0x0A)
      case 0x72: out.append(0x0D)
      case 0x74: out.append(0x09)
      case 0x75:
        var scalar = hex4(at: i)
        i += 4
        if (0xD800..<0xDC00).contains(scalar) {
          guard i + 6 <= s.end, buffer[i] == 0x5C, buffer[i + 1] == 0x75 else {
            throw error("lone surrogate escape", at: i - 6)
          }
          let low = hex4(at: i + 2)
          guard (0xDC00..<0xE000).contains(low) else { throw error("lone surrogate escape", at: i - 6) }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          i += 6
        } else if (0xDC00..<0xE000).contains(scalar) {
          throw error("lone surrogate escape", at: i - 6)
        }
        appendUTF8(scalar, to: &out)
      default: out.append(e)  // " \ /
      }
    }
  }

  /// The decoded string (for keys and short values).
  func string(_ s: RawString) throws(TokenizerError) -> String {
    var bytes: [UInt8] = []
    try decode(s, into: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Whether a scanned string without escapes equals `key` (ASCII).
  @inline(__always)
  func equals(_ s: RawString, _ key: StaticString) -> Bool {
    guard !s.escaped, s.end - s.start == key.utf8CodeUnitCount else { return false }
    let k = key.utf8Start
    for j in 0..<key.utf8CodeUnitCount where buffer[s.start + j] != k[j] { return false }
    return true
  }

  private func hex4(at i: Int) -> UInt32 {
    var v: UInt32 = 0
    for k in 0..<4 { v = v << 4 | UInt32(TokenTextDecoder.hexValue(buffer[i + k]) ?? 0) }
    return v
  }

  private func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
    switch v {
    case 0..<0x80: out.append(UInt8(v))
    case 0x80..<0x800:
      out.append(UInt8(0xC0 | v >> 6))
      out.append(UInt8(0x80 | v & 0x3F))
    case 0x800..<0x10000:
      out.append(UInt8(0xE0 | v >> 12))
      out.append(UInt8(0x80 | (v >> 6) & 0x3F))
      out.append(UInt8(0x80 | v & 0x3F))
    default:
      out.append(UInt8(0xF0 | v >> 18))
      out.append(UInt8(0x80 | (v >> 12) & 0x3F))
      out.append(UInt8(0x80 | (v >> 6) & 0x3F))
      out.append(UInt8(0x80 | v & 0x3F))
    }
  }

  // MARK: Numbers and literals

  /// Reads a JSON integer (no fraction or exponent) in `Int` range.
  @inline(__always)
  mutating func readInteger(_ what: String) throws(TokenizerError) -> Int {
    skipWhitespace()
    let start = index
    var negative = false
    if index < buffer.count, buffer[index] == 0x2D {
      negative = true
      index += 1
    }
    var value = 0
    var digits = 0
    while index < buffer.count {
      let d = buffer[index] &- 0x30
      guard d < 10 else { break }
      if digits == 1 && value == 0 { throw error("leading zero in \(what)", at: start) }
      let (m, o1) = value.multipliedReportingOverflow(by: 10)
      let (a, o2) = m.addingReportingOverflow(Int(d))
      if o1 || o2 { throw error("\(what) is too large", at: start) }
      value = a
      digits += 1
      index += 1
    }
    guard digits > 0 else { throw error("expected \(what) (an integer), found \(describe(at: start))", at: start) }
    if index < buffer.count, buffer[index] == 0x2E || buffer[index] | 0x20 == 0x65 {
      throw error("\(what) must be an integer", at: start)
    }
    return negative ? -value : value
  }

  /// Skips a JSON number, checking its grammar.
  mutating func skipNumber() throws(TokenizerError) {
    let start = index
    if index < buffer.count, buffer[index] == 0x2D { index += 1 }
    guard index < buffer.count, buffer[index] &- 0x30 < 10 else { throw error("invalid number", at: start) }
    if buffer[index] == 0x30 {
      index += 1
    } else {
      while index < buffer.count, buffer[index] &- 0x30 < 10 { index += 1 }
    }
    if index < buffer.count, buffer[index] == 0x2E {
      index += 1
      guard index < buffer.count, buffer[index] &- 0x30 < 10 else { throw error("invalid number", at: start) }
      while index < buffer.count, buffer[index] &- 0x30 < 10 { index += 1 }
    }
    if index < buffer.count, buffer[index] | 0x20 == 0x65 {
      index += 1
      if index < buffer.count, buffer[index] == 0x2B || buffer[index] == 0x2D { index += 1 }
      guard index < buffer.count, buffer[index] &- 0x30 < 10 else { throw error("invalid number", at: start) }
      while index < buffer.count, buffer[index] &- 0x30 < 10 { index += 1 }
    }
  }

  private mutating func skipLiteral(_ word: StaticString) throws(TokenizerError) {
    let n = word.utf8CodeUnitCount
    guard index + n <= buffer.count else { throw error("invalid literal") }
    let w = word.utf8Start
    for k in 0..<n where buffer[index + k] != w[k] { throw error("invalid literal") }
    index += n
  }

  /// Reads `true` or `false`; nil (nothing consumed) for anything else.
  mutating func readBool() -> Bool? {
    skipWhitespace()
    guard index < buffer.count else { return nil }
    if buffer[index] == 0x74, (try? skipLiteral("true")) != nil { return true }
    if buffer[index] == 0x66, (try? skipLiteral("false")) != nil { return false }
    return nil
  }

  // MARK: Skipping

  /// Skips one value of any kind, checking its JSON structure; returns its byte range.
  @discardableResult
  mutating func skipValue() throws(TokenizerError) -> Range<Int> {
    skipWhitespace()
    let start = index
    // true = inside an object, false = inside an array.
    var stack: [Bool] = []
    while true {
      // A value starts here.
      skipWhitespace()
      guard index < buffer.count else { throw error("unexpected end of input, expected a value") }
      switch buffer[index] {
      case 0x7B:  // {
        guard stack.count < maxDepth else { throw error("nesting deeper than \(maxDepth)") }
        index += 1
        if !consume(0x7D) {
          stack.append(true)
          _ = try scanString()
          try expect(0x3A, "':'")
          continue
        }
      case 0x5B:  // [
        guard stack.count < maxDepth else { throw error("nesting deeper than \(maxDepth)") }
        index += 1
        if !consume(0x5D) {
          stack.append(false)
          continue
        }
      case 0x22: _ = try scanString()
      case 0x74: try skipLiteral("true")
      case 0x66: try skipLiteral("false")
      case 0x6E: try skipLiteral("null")
      case 0x2D, 0x30...0x39: try skipNumber()
      default: throw error("expected a value, found \(describe(at: index))")
      }
      // After a value: close containers or move to the next member/element.
      while let inObject = stack.last {
        if try commaOr(inObject ? 0x7D : 0x5D) {
          if inObject {
            _ = try scanString()
            try expect(0x3A, "':'")
          }
          break
        }
        stack.removeLast()
      }
      if stack.isEmpty { return start..<index }
    }
  }
}
