import OrderedCollections

/// The iterative parsing engine behind ``JSONParser``.
///
/// Containers under construction live on explicit stacks rather than the call stack, so
/// depth is bounded by ``JSONParser/Options/maxDepth`` and never by the thread's stack.
struct JSONReader {
  let buffer: UnsafeBufferPointer<UInt8>
  let options: JSONParser.Options
  var index = 0
  var duplicates: [JSONDuplicateKey] = []

  /// One open container.
  private enum Frame {
    case array
    case object(key: String)
  }

  private var frames: [Frame] = []
  private var arrays: [[JSONValue]] = []
  private var objects: [JSONObject] = []
  /// Reused scratch space for strings with escapes.
  private var scratch: [UInt8] = []

  init(buffer: UnsafeBufferPointer<UInt8>, options: JSONParser.Options) {
    self.buffer = buffer
    self.options = options
  }

  // MARK: Errors

  func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
    let offset = Swift.min(offset ?? index, buffer.count)
    var line = 1
    var lineStart = 0
    var i = 0
    while i < offset {
      if buffer[i] == UInt8(ascii: "\n") {
        line += 1
        lineStart = i + 1
      }
      i += 1
    }
    return JSONParseError(offset: offset, line: line, column: offset - lineStart + 1, message: message)
  }

  func describeByte(at i: Int) -> String {
    guard i < buffer.count else { return "end of input" }
    let b = buffer[i]
    if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
    let hex = String(b, radix: 16, uppercase: true)
    return "byte 0x" + (hex.count == 1 ? "0" + hex : hex)
  }

  // MARK: Whitespace

  @inline(__always)
  mutating func skipWhitespace() {
    while index < buffer.count {
      let b = buffer[index]
      guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
      index += 1
    }
  }

  // MARK: Document

  mutating func parseDocument() throws(JSONParseError) -> JSONValue {
    if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
      guard options.allowByteOrderMark else {
        throw error("a UTF-8 byte order mark is not allowed (RFC 8259 §8.1)", at: 0)
      }
      index = 3
    }
    skipWhitespace()
    if index >= buffer.count {
      throw error(buffer.isEmpty ? "empty input: expected a JSON value" : "expected a JSON value")
    }
    let value = try parseValue()
    skipWhitespace()
    if index < buffer.count {
      throw error("unexpected \(describeByte(at: index)) after the JSON value")
    }
    return value
  }

  /// Parses one value (and everything nested in it) starting at `index`.
  private mutating func parseValue() throws(JSONParseError) -> JSONValue {
    while true {
      // Descend until a complete value (scalar or empty container) is in hand.
      var value: JSONValue
      skipWhitespace()
      guard index < buffer.count else { throw error("unexpected end of input: expected a value") }
      switch buffer[index] {
      case UInt8(ascii: "{"):
        guard frames.count < options.maxDepth else {
          throw error("nesting deeper than \(options.maxDepth) levels")
        }
        index += 1
        skipWhitespace()
        if index < buffer.count && buffer[index] == UInt8(ascii: "}") {
          index += 1
          value = .object(JSONObject())
        } else {
          let key = try parseMemberName()
          frames.append(.object(key: key))
          objects.append(JSONObject())
          continue
        }
      case UInt8(ascii: "["):
        guard frames.count < options.maxDepth else {
          throw error("nesting deeper than \(options.maxDepth) levels")
        }
        index += 1
        skipWhitespace()
        if index < buffer.count && buffer[index] == UInt8(ascii: "]") {
          index += 1
          value = .array([])
        } else {
          frames.append(.array)
          arrays.append([])
          continue
        }
      case UInt8(ascii: "\""):
        value = .string(try parseString())
      case UInt8(ascii: "t"):
        try expectLiteral("true")
        value = .bool(true)
      case UInt8(ascii: "f"):
        try expectLiteral("false")
        value = .bool(false)
      case UInt8(ascii: "n"):
        try expectLiteral("null")
        value = .null
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        value = .number(try parseNumber())
      default:
        throw error("unexpected \(describeByte(at: index)): expected a value")
      }

      // Ascend: attach the value to open containers, closing those that end here.
      while true {
        guard let frame = frames.last else { return value }
        switch frame {
        case .array:
          arrays[arrays.count - 1].append(value)
          skipWhitespace()
          guard index < buffer.count else {
            throw error("unexpected end of input: expected ',' or ']' in an array")
          }
          if buffer[index] == UInt8(ascii: ",") {
            index += 1
          } else if buffer[index] == UInt8(ascii: "]") {
            index += 1
            frames.removeLast()
            value = .array(arrays.removeLast())
            continue
          } else {
            throw error("unexpected \(describeByte(at: index)): expected ',' or ']' after an array element")
          }
        case .object(let key):
          // A repeated key was reported (or rejected) when its name was read; last wins.
          objects[objects.count - 1][key] = value
          skipWhitespace()
          guard index < buffer.count else {
            throw error("unexpected end of input: expected ',' or '}' in an object")
          }
          if buffer[index] == UInt8(ascii: ",") {
            index += 1
            skipWhitespace()
            let next = try parseMemberName()
            frames[frames.count - 1] = .object(key: next)
          } else if buffer[index] == UInt8(ascii: "}") {
            index += 1
            frames.removeLast()
            value = .object(objects.removeLast())
            continue
          } else {
            throw error("unexpected \(describeByte(at: index)): expected ',' or '}' after an object member")
          }
        }
        break
      }
    }
  }

  /// Reads `"name"` and the `:` after it, applying the duplicate-key policy.
  private mutating func parseMemberName() throws(JSONParseError) -> String {
    guard index < buffer.count else {
      throw error("unexpected end of input: expected a member name")
    }
    guard buffer[index] == UInt8(ascii: "\"") else {
      throw error("unexpected \(describeByte(at: index)): expected a member name in double quotes")
    }
    let start = index
    let key = try parseString()
    if let open = objects.last, open[key] != nil {
      if options.duplicateKeys == .reject {
        throw error("duplicate member name \"\(key)\"", at: start)
      }
      duplicates.append(JSONDuplicateKey(key: key, offset: start))
    }
    skipWhitespace()
    guard index < buffer.count, buffer[index] == UInt8(ascii: ":") else {
      throw error("unexpected \(describeByte(at: index)): expected ':' after a member name")
    }
    index += 1
    return key
  }

  private mutating func expectLiteral(_ word: StaticString) throws(JSONParseError) {
    let start = index
    let n = word.utf8CodeUnitCount
    let w = word.utf8Start
    var i = 0
    while i < n {
      guard index < buffer.count, buffer[index] == w[i] else {
        if index >= buffer.count { throw error("unexpected end of input in literal '\(word)'", at: index) }
        throw error("invalid literal: expected '\(word)'", at: start)
      }
      index += 1
      i += 1
    }
  }

  // MARK: Numbers

  private mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
    let start = index
    @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    if buffer[index] == UInt8(ascii: "-") { index += 1 }
    guard index < buffer.count, isDigit(buffer[index]) else {
      throw error("invalid number: expected a digit after '-'")
    }
    if buffer[index] == UInt8(ascii: "0") {
      index += 1
      if index < buffer.count, isDigit(buffer[index]) {
        throw error("invalid number: leading zeros are not allowed")
      }
    } else {
      while index < buffer.count, isDigit(buffer[index]) { index += 1 }
    }
    if index < buffer.count, buffer[index] == UInt8(ascii: ".") {
      index += 1
      guard index < buffer.count, isDigit(buffer[index]) else {
        throw error("invalid number: expected a digit after '.'")
      }
      while index < buffer.count, isDigit(buffer[index]) { index += 1 }
    }
    if index < buffer.count, buffer[index] == UInt8(ascii: "e") || buffer[index] == UInt8(ascii: "E") {
      index += 1
      if index < buffer.count, buffer[index] == UInt8(ascii: "+") || buffer[index] == UInt8(ascii: "-") {
        index += 1
      }
      guard index < buffer.count, isDigit(buffer[index]) else {
        throw error("invalid number: expected a digit in the exponent")
      }
      while index < buffer.count, isDigit(buffer[index]) { index += 1 }
    }
    let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
    return JSONNumber(validatedText: text)
  }

  // MARK: Strings

  /// Parses a string starting at its opening quote.
  private mutating func parseString() throws(JSONParseError) -> String {
    index += 1  // opening quote
    let start = index
    // Fast path: no escapes. Scan ASCII quickly; validate multi-byte sequences.
    while index < buffer.count {
      let b = buffer[index]
      if b == UInt8(ascii: "\"") {
        let s = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
        index += 1
        return s
      }
      if b == UInt8(ascii: "\\") { break }
      if b < 0x20 { throw controlCharacterError(b) }
      if b < 0x80 {
        index += 1
      } else {
        try skipUTF8Sequence()
      }
    }
    guard index < buffer.count else { throw error("unterminated string", at: start - 1) }
    // Slow path: copy what we have and decode escapes.
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<index]))
    while index < buffer.count {
      let b = buffer[index]
      if b == UInt8(ascii: "\"") {
        index += 1
        return String(decoding: scratch, as: UTF8.self)
      }
      if b == UInt8(ascii: "\\") {
        try decodeEscape()
      } else if b < 0x20 {
        throw controlCharacterError(b)
      } else if b < 0x80 {
        scratch.append(b)
        index += 1
      } else {
        let s = index
        try skipUTF8Sequence()
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[s..<index]))
      }
    }
    throw error("unterminated string", at: start - 1)
  }

  private func controlCharacterError(_ b: UInt8) -> JSONParseError {
    let hex = String(b, radix: 16, uppercase: true)
    return error("control character U+00\(hex.count == 1 ? "0" + hex : hex) must be escaped in a string")
  }

  /// Validates one multi-byte UTF-8 sequence at `index` and moves past it.
  @inline(__always)
  private mutating func skipUTF8Sequence() throws(JSONParseError) {
    let b0 = buffer[index]
    let n = buffer.count
    @inline(__always) func cont(_ i: Int) -> Bool { i < n && buffer[i] & 0xC0 == 0x80 }
    switch b0 {
    case 0xC2...0xDF:
      guard cont(index + 1) else { throw error("invalid UTF-8 sequence") }
      index += 2
    case 0xE0...0xEF:
      guard cont(index + 1), cont(index + 2) else { throw error("invalid UTF-8 sequence") }
      let b1 = buffer[index + 1]
      if b0 == 0xE0 && b1 < 0xA0 { throw error("invalid UTF-8: overlong encoding") }
      if b0 == 0xED && b1 >= 0xA0 { throw error("invalid UTF-8: encoded surrogate") }
      index += 3
    case 0xF0...0xF4:
      guard cont(index + 1), cont(index + 2), cont(index + 3) else {
        throw error("invalid UTF-8 sequence")
      }
      let b1 = buffer[index + 1]
      if b0 == 0xF0 && b1 < 0x90 { throw error("invalid UTF-8: overlong encoding") }
      if b0 == 0xF4 && b1 >= 0x90 { throw error("invalid UTF-8: code point above U+10FFFF") }
      index += 4
    default:
      throw error("invalid UTF-8 byte 0x\(String(b0, radix: 16, uppercase: true))")
    }
  }

  /// Decodes one escape at `index` (a backslash) into `scratch`.
  private mutating func decodeEscape() throws(JSONParseError) {
    let start = index
    index += 1
    guard index < buffer.count else { throw error("unterminated escape", at: start) }
    let c = buffer[index]
    index += 1
    switch c {
    case UInt8(ascii: "\""): scratch.append(0x22)
    case UInt8(ascii: "\\"): scratch.append(0x5C)
    case UInt8(ascii: "/"): scratch.append(0x2F)
    case UInt8(ascii: "b"): scratch.append(0x08)
    case UInt8(ascii: "f"): scratch.append(0x0C)
    case UInt8(ascii: "n"): scratch.append(0x0A)
    case UInt8(ascii: "r"): scratch.append(0x0D)
    case UInt8(ascii: "t"): scratch.append(0x09)
    case UInt8(ascii: "u"):
      var scalar = try readHex4(escapeStart: start)
      if (0xD800...0xDBFF).contains(scalar) {
        // A high surrogate must be followed by an escaped low surrogate.
        if index + 1 < buffer.count, buffer[index] == UInt8(ascii: "\\"), buffer[index + 1] == UInt8(ascii: "u") {
          let save = index
          index += 2
          let low = try readHex4(escapeStart: save)
          if (0xDC00...0xDFFF).contains(low) {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          } else {
            index = save
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
      appendUTF8(scalar)
    default:
      throw error("invalid escape '\\\(describeByte(at: index - 1).trimmingQuotes)'", at: start)
    }
  }

  private func loneSurrogate(at offset: Int) throws(JSONParseError) {
    if options.loneSurrogates == .reject {
      throw error("lone surrogate in \\u escape", at: offset)
    }
  }

  private mutating func readHex4(escapeStart: Int) throws(JSONParseError) -> UInt32 {
    var v: UInt32 = 0
    for _ in 0..<4 {
      guard index < buffer.count else { throw error("unterminated \\u escape", at: escapeStart) }
      let b = buffer[index]
      let d: UInt32
      switch b {
      case 0x30...0x39: d = UInt32(b - 0x30)
      case 0x41...0x46: d = UInt32(b - 0x41 + 10)
      case 0x61...0x66: d = UInt32(b - 0x61 + 10)
      default: throw error("invalid hex digit in \\u escape", at: index)
      }
      v = v << 4 | d
      index += 1
    }
    return v
  }

  private mutating func appendUTF8(_ scalar: UInt32) {
    switch scalar {
    case 0..<0x80:
      scratch.append(UInt8(scalar))
    case 0x80..<0x800:
      scratch.append(UInt8(0xC0 | (scalar >> 6)))
      scratch.append(UInt8(0x80 | (scalar & 0x3F)))
    case 0x800..<0x10000:
      scratch.append(UInt8(0xE0 | (scalar >> 12)))
      scratch.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
      scratch.append(UInt8(0x80 | (scalar & 0x3F)))
    default:
      scratch.append(UInt8(0xF0 | (scalar >> 18)))
      scratch.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
      scratch.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
      scratch.append(UInt8(0x80 | (scalar & 0x3F)))
    }
  }
}

extension String {
  fileprivate var trimmingQuotes: String {
    hasPrefix("'") && hasSuffix("'") && count >= 2 ? String(dropFirst().dropLast()) : self
  }
}
