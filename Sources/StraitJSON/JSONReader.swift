/// The iterative parsing engine behind ``JSONParser``.
///
/// Open containers live on an explicit stack of frames rather than the call stack, so depth
/// is bounded by ``JSONParser/Options/maxDepth`` and never by the thread's stack. The
/// reader recognises the grammar and hands what it finds to a ``JSONSink``.
///
/// Bytes are read through a raw pointer: every read is preceded by an explicit check
/// against `end`, so no per-byte bounds check is repeated (see `JSONReader+Strings.swift`
/// for the 8-bytes-at-a-time string scanner).
struct JSONReader<Sink: JSONSink> {
  let bytes: UnsafePointer<UInt8>
  let end: Int
  let options: JSONParser.Options
  var index = 0
  var sink: Sink

  var frames: UnsafeStack<JSONOpenContainer>
  /// Decoded bytes of the current string when it has escapes; allocated on the first
  /// escape (until then `scratchCapacity` is 0 and `scratch` is a placeholder).
  var scratch: UnsafeMutablePointer<UInt8>
  var scratchCapacity: Int
  /// Copies of the member names that had escapes (pending keys point into them).
  var escapedNames: UnsafeStack<UnsafeMutablePointer<UInt8>>

  /// A reader over `buffer` using the frames and scratch space of `buffers`.
  init(buffer: UnsafeBufferPointer<UInt8>, options: JSONParser.Options, sink: Sink, buffers: JSONParserBuffers) {
    // An empty buffer may have no base address: then nothing is ever read (end is 0).
    self.bytes = buffer.baseAddress ?? UnsafePointer(placeholderBytes)
    self.end = buffer.count
    self.options = options
    self.sink = sink
    frames = buffers.frames
    scratch = buffers.scratch
    scratchCapacity = buffers.scratchCapacity
    escapedNames = buffers.escapedNames
  }

  /// Hands the reader's and the sink's memory back to `buffers` (the set the reader was
  /// made with).
  func store(into buffers: inout JSONParserBuffers) {
    buffers.frames = frames
    buffers.scratch = scratch
    buffers.scratchCapacity = scratchCapacity
    buffers.escapedNames = escapedNames
    sink.store(into: &buffers)
  }

  // MARK: Whitespace

  @inline(__always)
  mutating func skipWhitespace() {
    // A local index: `index` lives in the reader, which a byte load could alias, so
    // stepping it directly stores it back on every byte.
    var i = index
    while i < end {
      let b = bytes[i]
      // Most bytes that follow whitespace are structural or a value's first byte.
      if b > 0x20 { break }
      guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { break }
      i &+= 1
    }
    index = i
  }

  // MARK: Document

  /// Parses the whole input as one JSON text, with optional surrounding whitespace.
  mutating func parseDocument() throws(JSONParseError) {
    do throws(JSONParseError) {
      if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
        guard options.allowByteOrderMark else {
          throw error("a UTF-8 byte order mark is not allowed (RFC 8259 §8.1)", at: 0)
        }
        index = 3
      }
      skipWhitespace()
      if index >= end {
        throw error(end == 0 ? "empty input: expected a JSON value" : "expected a JSON value")
      }
      try parseValue()
      skipWhitespace()
      if index < end {
        throw error("unexpected \(describeByte(at: index)) after the JSON value")
      }
    } catch {
      throw preferEarlierDuplicate(error)
    }
  }

  /// Parses one value (and everything nested in it) starting at `index`.
  private mutating func parseValue() throws(JSONParseError) {
    let maxDepth = options.maxDepth
    while true {
      // Descend until a complete value (scalar or empty container) has been produced.
      skipWhitespace()
      guard index < end else { throw error("unexpected end of input: expected a value") }
      switch bytes[index] {
      case UInt8(ascii: "\""):
        if let short = readShortString() {
          sink.string(short, isASCII: true)
        } else {
          let span = try readString()
          sink.string(span.buffer, isASCII: span.isASCII)
        }
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        let start = index
        try readNumber()
        sink.number(UnsafeBufferPointer(start: bytes + start, count: index - start), readable: end - start)
      case UInt8(ascii: "{"):
        guard frames.count < maxDepth else { throw depthError() }
        index += 1
        skipWhitespace()
        if index < end && bytes[index] == UInt8(ascii: "}") {
          index += 1
          sink.emptyObject()
        } else {
          sink.beginObject()
          frames.push(JSONOpenContainer(valueStart: sink.valueCount, keyStart: sink.keys.count, isObject: true))
          try readMemberName()
          continue
        }
      case UInt8(ascii: "["):
        guard frames.count < maxDepth else { throw depthError() }
        index += 1
        skipWhitespace()
        if index < end && bytes[index] == UInt8(ascii: "]") {
          index += 1
          sink.emptyArray()
        } else {
          sink.beginArray()
          frames.push(JSONOpenContainer(valueStart: sink.valueCount, keyStart: sink.keys.count, isObject: false))
          continue
        }
      case UInt8(ascii: "t"):
        try expectLiteral("true", 0x6575_7274)
        sink.bool(true)
      case UInt8(ascii: "f"):
        try expectLiteral("false", 0x736C_6166)
        sink.bool(false)
      case UInt8(ascii: "n"):
        try expectLiteral("null", 0x6C6C_756E)
        sink.null()
      default:
        throw unexpectedByte("expected a value")
      }

      // Ascend: a value is complete; read the separator or close finished containers.
      while true {
        guard frames.count > 0 else { return }
        let frame = frames.top
        skipWhitespace()
        guard index < end else {
          throw error(
            frame.isObject
              ? "unexpected end of input: expected ',' or '}' in an object"
              : "unexpected end of input: expected ',' or ']' in an array")
        }
        let b = bytes[index]
        if b == UInt8(ascii: ",") {
          index += 1
          if frame.isObject {
            skipWhitespace()
            try readMemberName()
          }
          break
        }
        if frame.isObject {
          guard b == UInt8(ascii: "}") else {
            throw unexpectedByte("expected ',' or '}' after an object member")
          }
          index += 1
          _ = frames.pop()
          if let repeated = sink.endObject(valueStart: frame.valueStart, keyStart: frame.keyStart) {
            throw duplicateError(at: repeated)
          }
        } else {
          guard b == UInt8(ascii: "]") else {
            throw unexpectedByte("expected ',' or ']' after an array element")
          }
          index += 1
          _ = frames.pop()
          sink.endArray(valueStart: frame.valueStart)
        }
      }
    }
  }

  /// Reads `"name"` and the `:` after it.
  @inline(__always)
  private mutating func readMemberName() throws(JSONParseError) {
    if !readShortMemberName() { try readAnyMemberName() }
  }

  /// Reads the usual member name, in line: at most 7 plain ASCII bytes, the `:` right
  /// after the closing quote. Returns false, having read nothing, for any other name.
  ///
  /// When the closing quote is among the 8 bytes after the opening one, one load gives the
  /// name's length and its words.
  @inline(__always)
  private mutating func readShortMemberName() -> Bool {
    let start = index
    guard start &+ 10 <= end, bytes[start] == UInt8(ascii: "\"") else { return false }
    let word = UInt64(littleEndian: UnsafeRawPointer(bytes + (start &+ 1)).loadUnaligned(as: UInt64.self))
    let special = Self.specialBytes(word)
    let length = special.trailingZeroBitCount &>> 3
    let colon = start &+ 2 &+ length
    guard special != 0, bytes[colon &- 1] == UInt8(ascii: "\""), bytes[colon] == UInt8(ascii: ":") else {
      return false
    }
    let words = JSONNameWords(shortName: word & ((1 &<< UInt64(length &* 8)) &- 1), length: length)
    sink.key(bytes + (start &+ 1), words: words, offset: start)
    index = colon &+ 1
    return true
  }

  /// Reads any member name (the general case of ``readMemberName()``).
  @inline(never)
  private mutating func readAnyMemberName() throws(JSONParseError) {
    guard index < end else { throw error("unexpected end of input: expected a member name") }
    guard bytes[index] == UInt8(ascii: "\"") else {
      throw unexpectedByte("expected a member name in double quotes")
    }
    let start = index
    if start &+ 9 <= end {
      let word = UInt64(littleEndian: UnsafeRawPointer(bytes + (start &+ 1)).loadUnaligned(as: UInt64.self))
      let special = Self.specialBytes(word)
      let length = special.trailingZeroBitCount &>> 3
      if special != 0 && bytes[start &+ 1 &+ length] == UInt8(ascii: "\"") {
        let words = JSONNameWords(shortName: word & ((1 &<< UInt64(length &* 8)) &- 1), length: length)
        sink.key(bytes + (start &+ 1), words: words, offset: start)
        index = start &+ 2 &+ length
        return try readNameSeparator()
      }
    }
    let span = try readString()
    // A name read from the input is followed by its closing quote at least, so a short
    // one can be read as a whole word.
    var utf8 = span.start
    var readable = bytes + end - span.start
    if span.start == UnsafePointer(scratch) {
      // Decoded into `scratch`, which the next string overwrites: keep a copy.
      utf8 = keepEscapedName(span.buffer)
      readable = span.count
    }
    let words = JSONNameWords(utf8, length: span.count, readable: readable)
    sink.key(utf8, words: words, offset: start)
    try readNameSeparator()
  }

  /// Reads the `:` after a member name.
  @inline(__always)
  private mutating func readNameSeparator() throws(JSONParseError) {
    if index < end && bytes[index] == UInt8(ascii: ":") {
      index += 1
      return
    }
    skipWhitespace()
    guard index < end, bytes[index] == UInt8(ascii: ":") else {
      throw unexpectedByte("expected ':' after a member name")
    }
    index += 1
  }

  /// A copy of a member name decoded into `scratch`, freed after the parse (names with
  /// escapes are rare, so each gets its own allocation).
  @inline(never)
  private mutating func keepEscapedName(_ name: UnsafeBufferPointer<UInt8>) -> UnsafePointer<UInt8> {
    let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(name.count, 1))
    if let source = name.baseAddress { copy.initialize(from: source, count: name.count) }
    escapedNames.push(copy)
    return UnsafePointer(copy)
  }

  /// Reads `true`, `false` or `null`; `head` is the word's first four bytes, little-endian.
  @inline(__always)
  private mutating func expectLiteral(_ word: StaticString, _ head: UInt32) throws(JSONParseError) {
    let n = word.utf8CodeUnitCount
    if index + n <= end,
      UInt32(littleEndian: UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt32.self)) == head,
      n == 4 || bytes[index + 4] == word.utf8Start[4]
    {
      index += n
      return
    }
    throw literalError(word)
  }

  @inline(never)
  private func literalError(_ word: StaticString) -> JSONParseError {
    let n = word.utf8CodeUnitCount
    let w = word.utf8Start
    var i = 0
    while i < n {
      if index + i >= end { return error("unexpected end of input in literal '\(word)'", at: index + i) }
      if bytes[index + i] != w[i] { break }
      i += 1
    }
    return error("invalid literal: expected '\(word)'", at: index)
  }
}
