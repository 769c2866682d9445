extension JSONReader {
  /// An error at `offset` (default: the current index), with its line and column.
  @inline(never)
  func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
    let offset = Swift.min(offset ?? index, end)
    let position = JSONParseError.position(of: offset, in: UnsafeBufferPointer(start: bytes, count: end))
    return JSONParseError(offset: offset, line: position.line, column: position.column, message: message)
  }

  /// "unexpected <byte>: <expectation>" at the current index. Messages are built out of
  /// line, so that the parsing loop stays small enough for its helpers to be inlined.
  @inline(never)
  func unexpectedByte(_ expectation: String) -> JSONParseError {
    error("unexpected \(describeByte(at: index)): \(expectation)")
  }

  /// Nesting deeper than the options allow, at the current index.
  @inline(never)
  func depthError() -> JSONParseError {
    error("nesting deeper than \(options.maxDepth) levels")
  }

  /// The rejection of a repeated member name whose opening quote is at `offset`.
  @inline(never)
  func duplicateError(at offset: Int) -> JSONParseError {
    var name = "?"
    let scan = UnsafeBufferPointer(start: bytes + offset, count: end - offset)
    // Re-read the name for the message; it was valid when first read.
    var buffers = JSONParserBuffers()
    var copy = JSONReader<JSONChecker>(
      buffer: UnsafeBufferPointer(start: bytes, count: end), options: options,
      sink: JSONChecker(rejectsDuplicates: false, buffers: buffers), buffers: buffers)
    defer {
      copy.store(into: &buffers)
      buffers.release()
    }
    copy.index = offset
    if !scan.isEmpty, let span = try? copy.readString() {
      name = String(decoding: span.buffer, as: UTF8.self)
    }
    return error("duplicate member name \(JSONSerializer.quote(name))", at: offset)
  }

  /// Under the "reject" policy, a repeated member name in a still-open object comes before
  /// any later error; this returns whichever is first in the document.
  @inline(never)
  func preferEarlierDuplicate(_ failure: JSONParseError) -> JSONParseError {
    guard options.duplicateKeys == .reject else { return failure }
    var earliest = failure.offset
    var i = 0
    while i < frames.count {
      let frame = frames[i]
      if frame.isObject {
        // This object's names run up to the first name of the next open object.
        var next = i + 1
        while next < frames.count && !frames[next].isObject { next += 1 }
        let stop = next < frames.count ? frames[next].keyStart : sink.keys.count
        if let first = sink.keys.repeatedNames(from: frame.keyStart, to: stop).first {
          earliest = Swift.min(earliest, sink.keys[first].offset)
        }
      }
      i += 1
    }
    return earliest < failure.offset ? duplicateError(at: earliest) : failure
  }

  /// A short description of the byte at `i` for messages: `'x'`, `byte 0x0A`, or end of input.
  func describeByte(at i: Int) -> String {
    guard i < end else { return "end of input" }
    let b = bytes[i]
    if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
    return "byte " + Self.hex(b)
  }

  /// `0x0A`-style hex for a byte.
  static func hex(_ b: UInt8) -> String {
    let digits = String(b, radix: 16, uppercase: true)
    return "0x" + (digits.count == 1 ? "0" + digits : digits)
  }
}
