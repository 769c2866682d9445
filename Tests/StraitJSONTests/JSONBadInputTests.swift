import StraitJSON
import Testing

/// The bad inputs the foundation issue lists, plus the positions the 8-byte string scanner
/// must get right. Each is a clear error with its offset, never a crash or a hang.
@Suite struct JSONBadInputTests {
  /// Parses `bytes` and returns the error, recording an issue when it was accepted.
  private func failure(_ bytes: [UInt8], options: JSONParser.Options = .default) -> JSONParseError? {
    do {
      _ = try JSONParser.parse(bytes, options: options)
      Issue.record("accepted \(bytes.prefix(40))")
      return nil
    } catch {
      // `check` must agree with `parse` on every error.
      let checked = bytes.withUnsafeBufferPointer { buffer in
        Result { () throws(JSONParseError) in try JSONParser.check(buffer, options: options) }
      }
      if case .failure(let other) = checked {
        #expect(other == error)
      } else {
        Issue.record("check accepted what parse rejected: \(error)")
      }
      return error
    }
  }

  @Test func emptyAndBlankInput() {
    #expect(failure([])?.message.contains("empty input") == true)
    let blank = failure(Array(" \n\t\r ".utf8))
    #expect(blank?.offset == 5)
    #expect(blank?.line == 2)
  }

  @Test func byteOrderMark() throws {
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"a":1}"#.utf8)
    let error = failure(bom)
    #expect(error?.offset == 0)
    #expect(error?.message.contains("byte order mark") == true)
    var options = JSONParser.Options()
    options.allowByteOrderMark = true
    #expect(try JSONParser.parse(bom, options: options) == ["a": 1])
    // Only a leading BOM is skipped; offsets still count its bytes.
    let late = failure([0x20, 0xEF, 0xBB, 0xBF, 0x31], options: options)
    #expect(late?.offset == 1)
    #expect(failure([0xEF, 0xBB, 0xBF], options: options)?.offset == 3)
    #expect(failure([0xEF, 0xBB])?.offset == 0)
  }

  @Test(arguments: [
    (#"{"a": [1, 2"#, 11), (#"{"a": [1, 2]"#, 12), (#"{"a""#, 4), (#"{"a":"#, 5), (#"{"#, 1),
    (#"["#, 1), (#""abc"#, 0), (#""a\"#, 2), (#""\u12"#, 1), (#"-"#, 1), (#"1."#, 2), (#"1e"#, 2),
    (#"1e+"#, 3), (#"nul"#, 3), (#"f"#, 1), (#"[true, fals"#, 11), (#"{"a":1,"#, 7),
  ])
  func truncatedInput(text: String, offset: Int) {
    let error = failure(Array(text.utf8))
    #expect(error?.offset == offset, "\(text): \(String(describing: error))")
  }

  @Test func aMillionNestedArrays() throws {
    let opens = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
    let error = failure(opens + [UInt8](repeating: UInt8(ascii: "]"), count: 1_000_000))
    #expect(error?.offset == 512)
    #expect(error?.message.contains("nesting deeper than 512") == true)
    // Unclosed, and objects too.
    #expect(failure(opens)?.offset == 512)
    let objects = [UInt8](String(repeating: #"{"a":"#, count: 100_000).utf8)
    #expect(failure(objects)?.message.contains("nesting") == true)
    // `check` keeps no tree, so any depth it is allowed is safe.
    var options = JSONParser.Options()
    options.maxDepth = 2_000_000
    let balanced = opens + [UInt8](repeating: UInt8(ascii: "]"), count: 1_000_000)
    let duplicates = try balanced.withUnsafeBufferPointer { buffer in
      try JSONParser.check(buffer, options: options)
    }
    #expect(duplicates.isEmpty)
  }

  @Test func depthLimitIsExact() throws {
    var options = JSONParser.Options()
    options.maxDepth = 3
    _ = try JSONParser.parse(#"[{"a":[1]}]"#, options: options)
    #expect(failure(Array(#"[{"a":[[1]]}]"#.utf8), options: options)?.offset == 7)
    options.maxDepth = 2
    _ = try JSONParser.parse(#"{"a":{"b":1},"c":[]}"#, options: options)
    #expect(failure(Array(#"{"a":{"b":{}}}"#.utf8), options: options)?.offset == 10)
    #expect(failure(Array(#"[[{}]]"#.utf8), options: options)?.offset == 2)
    options.maxDepth = 1
    _ = try JSONParser.parse("[1, 2, 3]", options: options)
    _ = try JSONParser.parse("7", options: options)
    #expect(failure(Array("[[]]".utf8), options: options)?.offset == 1)
  }

  @Test(arguments: [
    ([0x22, 0x80, 0x22], "invalid UTF-8 byte 0x80"),  // lone continuation byte
    ([0x22, 0xC0, 0xAF, 0x22], "invalid UTF-8 byte 0xC0"),  // overlong '/'
    ([0x22, 0xC1, 0xBF, 0x22], "invalid UTF-8 byte 0xC1"),
    ([0x22, 0xE0, 0x80, 0xAF, 0x22], "overlong"),
    ([0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22], "overlong"),
    ([0x22, 0xED, 0xA0, 0x80, 0x22], "surrogate"),  // U+D800 encoded
    ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "above U+10FFFF"),
    ([0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], "invalid UTF-8 byte 0xF5"),
    ([0x22, 0xFF, 0x22], "invalid UTF-8 byte 0xFF"),
    ([0x22, 0xC3, 0x22], "invalid UTF-8 sequence"),  // truncated by the quote
    ([0x22, 0xE2, 0x82], "invalid UTF-8 sequence"),  // truncated by the end of input
    ([0x22, 0xF0, 0x9F, 0x98], "invalid UTF-8 sequence"),
  ] as [([UInt8], String)])
  func invalidUTF8InStrings(bytes: [UInt8], fragment: String) {
    let error = failure(bytes)
    #expect(error?.offset == 1)
    #expect(error?.message.contains(fragment) == true, "\(String(describing: error))")
  }

  @Test func invalidUTF8OutsideStrings() {
    #expect(failure([0xFF])?.message.contains("byte 0xFF") == true)
    #expect(failure([0x5B, 0x31, 0xC3, 0xA9, 0x5D])?.offset == 2)
  }

  @Test func nulBytes() {
    #expect(failure([0x00])?.offset == 0)
    #expect(failure([0x22, 0x00, 0x22])?.message.contains("U+0000") == true)
    #expect(failure([0x31, 0x00])?.offset == 1)
    #expect(failure([0x5B, 0x00, 0x5D])?.offset == 1)
    #expect(failure([0x7B, 0x22, 0x61, 0x00, 0x22, 0x3A, 0x31, 0x7D])?.offset == 3)
  }

  /// The string scanner reads 8 bytes at a time: put each kind of special byte at every
  /// position of a long string and check it is found exactly there.
  @Test func specialBytesAreFoundAtEveryOffset() throws {
    for position in 0..<40 {
      let prefix = [UInt8](repeating: UInt8(ascii: "a"), count: position)
      let suffix = [UInt8](repeating: UInt8(ascii: "b"), count: 17)
      // A control character: an error at its offset.
      for control: UInt8 in [0x00, 0x01, 0x0A, 0x1F] {
        let error = failure([0x22] + prefix + [control] + suffix + [0x22])
        #expect(error?.offset == 1 + position, "control \(control) at \(position)")
      }
      // An invalid byte: an error at its offset.
      #expect(failure([0x22] + prefix + [0xFF] + suffix + [0x22])?.offset == 1 + position)
      // A valid 2-, 3- and 4-byte sequence, an escape and a DEL: decoded exactly.
      for (insert, decoded) in [
        ([0xC3, 0xA9], "é"), ([0xE2, 0x82, 0xAC], "€"), ([0xF0, 0x9F, 0x98, 0x80], "😀"),
        (Array(#"\n"#.utf8), "\n"), (Array(#"\u00e9"#.utf8), "é"), ([0x7F], "\u{7F}"),
      ] as [([UInt8], String)] {
        let value = try JSONParser.parse([0x22] + prefix + insert + suffix + [0x22])
        let expected = String(repeating: "a", count: position) + decoded + String(repeating: "b", count: 17)
        #expect(value == .string(expected), "\(insert) at \(position)")
      }
      // The closing quote at every offset.
      let string = try JSONParser.parse([0x5B, 0x22] + prefix + [0x22, 0x5D])
      #expect(string == [.string(String(repeating: "a", count: position))])
    }
  }

  @Test func longStringsWithEscapesOutgrowTheScratchBuffer() throws {
    var json = "\""
    var expected = ""
    for i in 0..<3000 {
      json += i % 7 == 0 ? #"\"\u00e9\ud83d\ude00\t"# : "x"
      expected += i % 7 == 0 ? "\"é😀\t" : "x"
    }
    json += "\""
    #expect(try JSONParser.parse(json) == .string(expected))
    // A key decoded from escapes, longer than the scratch buffer's first capacity.
    let key = String(repeating: #"\u0041"#, count: 400)
    let object = try JSONParser.parse("{\"\(key)\": 1, \"\(key)x\": 2}")
    #expect(object[String(repeating: "A", count: 400)] == 1)
    #expect(object[String(repeating: "A", count: 400) + "x"] == 2)
  }

  @Test(arguments: [
    #"[1,]"#, #"{"a":1,}"#, #"[01]"#, #"[-]"#, #"[.5]"#, #"[1.]"#, #"[+1]"#, #"[0x10]"#, #"[NaN]"#,
    #"[Infinity]"#, #"{'a':1}"#, #"['a']"#, #"[1 // c"#, #"/* c */ 1"#, #"{"a" 1}"#, #"{1:1}"#,
    #"[TRUE]"#, #"[truex]"#, #"["\x"]"#, #"["\u00G0"]"#, "[\"\t\"]", #"1 2"#, #"{}}"#, #"[]]"#,
  ])
  func grammarViolations(text: String) {
    _ = failure(Array(text.utf8))
  }

  @Test func loneSurrogateEscapes() throws {
    for text in [#""\ud800""#, #""\udc00""#, #""\ud800x""#, #""\ud800\u0041""#, #""\udbff\udbff""#] {
      #expect(failure(Array(text.utf8))?.message.contains("lone surrogate") == true, "\(text)")
    }
    var options = JSONParser.Options()
    options.loneSurrogates = .replace
    #expect(try JSONParser.parse(#""\ud800\u0041""#, options: options) == .string("\u{FFFD}A"))
    #expect(try JSONParser.parse(#""\ud800\ud800\udc00""#, options: options) == .string("\u{FFFD}\u{10000}"))
    #expect(try JSONParser.parse(#""\udbff\udfff""#) == .string("\u{10FFFF}"))
  }
}
